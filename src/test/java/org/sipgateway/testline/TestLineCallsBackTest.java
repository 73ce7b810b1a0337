package org.sipgateway.testline;

import java.time.Duration;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.sipgateway.media.G711Codec;
import org.sipgateway.rtp.RtpPacket;
import org.sipgateway.support.GatewayTestSupport;
import org.sipgateway.support.Tones;
import org.sipgateway.support.Wavs;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Inbound calls with no SIP server: CALL:*97<number> makes the built-in test line refuse with
 * 486 "Calling you back" and then call <number> at the gateway, which offers it to the listening
 * session. Answered, the test line echoes the session's audio as it does on its own calls.
 */
class TestLineCallsBackTest extends GatewayTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int TONE_HZ = 1000;
    private static final int PACKETS = 50;

    @Test
    void theTestLineCallsTheListenerBack() throws Exception {
        try (WsClient client = connect()) {
            client.send("WAV_UPLOAD:tone.wav:" + Wavs.base64(Wavs.tone(8000, TONE_HZ, PACKETS * 160, 0.5)));
            assertTrue(client.next(WAIT).startsWith("WAV_ACK:stored tone.wav"));
            client.send("LISTEN:0912345678");
            assertEquals("LISTEN:0912345678", client.next(WAIT));

            client.send("CALL:" + TestLine.CALL_BACK_PREFIX + "0912345678");
            assertEquals("CALL_STATE:CALLING", client.next(WAIT));
            assertEquals("CALL_STATE:ENDED:486 Calling you back", client.next(WAIT));
            String incoming = client.next(WAIT);
            assertTrue(incoming.startsWith("INCOMING:") && incoming.contains(":sip:testline@127.0.0.1:")
                    && incoming.endsWith(":sip:0912345678@127.0.0.1:" + sipPort), incoming);

            client.send("ANSWER");
            assertEquals("CALL_STATE:ANSWERED", client.next(WAIT));
            assertTrue(client.next(WAIT).startsWith("MEDIA_START:codec=PCMU;"));
            client.send("PLAY_WAV:tone.wav");
            short[] heard = new short[PACKETS * 160];
            int packets = 0;
            while (packets < PACKETS) {
                String line = client.nextStartingWith("RTP:", WAIT);
                byte[] datagram = HexFormat.of().parseHex(line.substring(4));
                RtpPacket packet = RtpPacket.parse(datagram, 0, datagram.length).packet();
                G711Codec.PCMU.decode(packet.buffer(), packet.payloadOffset(), heard, packets * 160, packet.payloadLength());
                packets++;
            }
            double dominance = Tones.dominanceDb(heard, TONE_HZ, 8000);
            assertTrue(dominance > 20, "the test line echoes the answered call's 1 kHz: " + dominance + " dB");

            client.send("HANGUP");
            assertEquals("CALL_STATE:ENDED:local-bye", client.nextStartingWith("CALL_STATE", WAIT));
        }
    }
}
