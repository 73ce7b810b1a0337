package org.sipgateway.media;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.sipgateway.rtp.RtpPacket;
import org.sipgateway.support.GatewayTestSupport;
import org.sipgateway.support.Tones;
import org.sipgateway.support.Wavs;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's first session, on a fresh gateway with no PBX: the call goes to the built-in test
 * line, which echoes the audio back. Between plays the gateway sends silence (so silence comes
 * back); the played tone returns as RTP: lines.
 */
class TestLineEchoLoopTest extends GatewayTestSupport {

    private static final HexFormat HEX = HexFormat.of();

    static RtpPacket parse(String line) {
        byte[] data = HEX.parseHex(line.substring("RTP:".length()));
        var result = RtpPacket.parse(data, 0, data.length);
        assertTrue(result.isOk(), () -> "RTP: line is not a whole RTP packet: " + line);
        return result.packet();
    }

    static boolean silent(RtpPacket packet, byte silence) {
        for (int i = 0; i < packet.payloadLength(); i++) {
            if (packet.buffer()[packet.payloadOffset() + i] != silence) {
                return false;
            }
        }
        return true;
    }

    @Test
    void playedAudioComesBackAsRtpLines() throws Exception {
        try (WsClient client = connect()) {
            client.send("WAV_UPLOAD:hello.wav:" + Wavs.base64(Wavs.tone(8000, 800, 4000, 0.5)));
            assertTrue(client.next().startsWith("WAV_ACK:stored hello.wav"));
            client.send("CALL:0912345678");
            assertEquals("CALL_STATE:CALLING", client.next());
            assertEquals("CALL_STATE:RINGING", client.next());
            assertEquals("CALL_STATE:ANSWERED", client.next());

            for (int i = 0; i < 10; i++) {
                RtpPacket idle = parse(client.nextStartingWith("RTP:", WsClient.DEFAULT_WAIT));
                assertEquals(0, idle.payloadType());
                assertTrue(silent(idle, G711Codec.PCMU.silence()), "between plays the gateway sends silence");
            }

            client.send("PLAY_WAV:hello.wav");
            List<RtpPacket> tone = new ArrayList<>();
            boolean done = false;
            while (!done || tone.size() < 25) {
                String message = client.next();
                if (message.equals("PLAY_DONE:hello.wav")) {
                    done = true;
                } else if (message.startsWith("RTP:")) {
                    RtpPacket packet = parse(message);
                    if (!silent(packet, G711Codec.PCMU.silence())) {
                        tone.add(packet);
                    }
                } else {
                    assertEquals("WAV_ACK:playing hello.wav", message);
                }
            }
            short[] audio = decode(tone, G711Codec.PCMU);
            double dominance = Tones.dominanceDb(audio, 800, 8000);
            assertTrue(dominance > 20, "the echoed 800 Hz tone stands " + dominance + " dB above its neighbours");

            client.send("HANGUP");
            assertEquals("CALL_STATE:ENDED:local-bye", client.nextStartingWith("CALL_STATE", WsClient.DEFAULT_WAIT));
        }
    }

    static short[] decode(List<RtpPacket> packets, G711Codec codec) {
        int total = packets.stream().mapToInt(RtpPacket::payloadLength).sum();
        short[] pcm = new short[total];
        int at = 0;
        for (RtpPacket p : packets) {
            codec.decode(p.buffer(), p.payloadOffset(), pcm, at, p.payloadLength());
            at += p.payloadLength();
        }
        return pcm;
    }
}
