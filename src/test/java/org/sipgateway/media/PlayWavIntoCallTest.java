package org.sipgateway.media;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.sipgateway.rtp.RtpPacket;
import org.sipgateway.support.RtpSink;
import org.sipgateway.support.FarEndSinkTestSupport;
import org.sipgateway.support.Tones;
import org.sipgateway.support.Wavs;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PLAY_WAV into a call whose far end's audio goes to a UDP socket of the test: the packets carry
 * the file's tone in the negotiated codec, their count matches the file's length, sequence numbers
 * and timestamps are continuous, and they leave from the port the gateway offered (symmetric RTP).
 */
class PlayWavIntoCallTest extends FarEndSinkTestSupport {

    private static final int TONE_HZ = 1000;
    /** 1.03 s: 8240 samples, so the last packet is only half full. */
    private static final int SAMPLES = 8240;

    @Override
    protected void sipSettings(Properties properties) {
        properties.setProperty("gateway.rtp.silence-when-idle", "false");
    }

    @Test
    void playsTheFileIntoTheCall() throws Exception {
        byte[] wav = Wavs.tone(8000, TONE_HZ, SAMPLES, 0.5);
        int expectedPackets = (SAMPLES + 159) / 160;
        try (WsClient client = connect()) {
            client.send("WAV_UPLOAD:tone.wav:" + Wavs.base64(wav));
            assertTrue(client.next().startsWith("WAV_ACK:stored tone.wav"));
            client.send("PLAY_WAV:tone.wav");
            assertEquals("ERROR:no-call:no active call to play into", client.next());
            callAndExpectAnswer(client, "0912345678");

            client.send("PLAY_WAV:tone.wav");
            assertEquals("WAV_ACK:playing tone.wav", client.nextStartingWith("WAV_ACK", CALL_WAIT));
            assertEquals("PLAY_DONE:tone.wav", client.nextStartingWith("PLAY_DONE", CALL_WAIT));
            List<RtpSink.Received> first = sink.await(expectedPackets, CALL_WAIT);
            client.assertNothingWithin(Duration.ofMillis(200));
            assertEquals(expectedPackets, sink.received().size(), "one packet per 160 samples, nothing between plays");

            int localPort = offeredPort();
            for (int i = 0; i < first.size(); i++) {
                RtpPacket packet = first.get(i).packet();
                assertEquals(localPort, first.get(i).source().getPort(), "sent from the port that receives");
                assertEquals(codec().payloadType(), packet.payloadType());
                assertEquals(160, packet.payloadLength());
                assertEquals(i == 0, packet.marker(), "marker only on the first packet of the talkspurt");
                if (i > 0) {
                    RtpPacket previous = first.get(i - 1).packet();
                    assertEquals((previous.sequenceNumber() + 1) & 0xFFFF, packet.sequenceNumber());
                    assertEquals((previous.timestamp() + 160) & 0xFFFFFFFFL, packet.timestamp());
                    assertEquals(previous.ssrc(), packet.ssrc());
                }
            }
            short[] audio = RtpSink.decode(first, codec());
            double dominance = Tones.dominanceDb(java.util.Arrays.copyOf(audio, SAMPLES), TONE_HZ, 8000);
            assertTrue(dominance > 20, "the 1 kHz tone stands " + dominance + " dB above its neighbours");

            sink.clear();
            client.send("PLAY_WAV:tone.wav");
            assertEquals("PLAY_DONE:tone.wav", client.nextStartingWith("PLAY_DONE", CALL_WAIT));
            List<RtpSink.Received> second = sink.await(expectedPackets, CALL_WAIT);
            RtpPacket last = first.get(first.size() - 1).packet();
            RtpPacket next = second.get(0).packet();
            assertEquals((last.sequenceNumber() + 1) & 0xFFFF, next.sequenceNumber(), "sequence continues across plays");
            assertTrue(next.marker(), "a new talkspurt after the pause");
            long timestampStep = (next.timestamp() - last.timestamp()) & 0xFFFFFFFFL;
            assertTrue(timestampStep >= 160 && timestampStep % 160 == 0, "timestamp kept moving with the clock: " + timestampStep);
            assertFalse(second.get(1).packet().marker());

            client.send("HANGUP");
            assertEquals("CALL_STATE:ENDED:local-bye", client.nextStartingWith("CALL_STATE", CALL_WAIT));
            assertSippSucceeded();
        } finally {
            sink.close();
        }
    }

    private int offeredPort() {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("m=audio (\\d+) RTP/AVP 0 8 101").matcher(sipp.messages());
        assertTrue(m.find(), "the INVITE's SDP offer");
        return Integer.parseInt(m.group(1));
    }
}
