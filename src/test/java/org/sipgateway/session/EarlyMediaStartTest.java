package org.sipgateway.session;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.FarEndSinkTestSupport;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PROTOCOL.md §6: MEDIA_START goes out once, when media starts. With early media (a 183 carrying
 * SDP) that is with RINGING, before the far end's first audio; ANSWERED later brings no second one.
 */
class EarlyMediaStartTest extends FarEndSinkTestSupport {

    private static final Pattern OFFERED_PORT = Pattern.compile("m=audio (\\d+) RTP/AVP");
    private static final int EARLY_PACKETS = 5;

    @Override
    protected String scenario() {
        return "uas-early-media-to.xml";
    }

    private static byte[] packet(int sequence) {
        byte[] packet = new byte[12 + 160];
        packet[0] = (byte) 0x80;
        packet[2] = (byte) (sequence >>> 8);
        packet[3] = (byte) sequence;
        long timestamp = 160L * sequence;
        packet[4] = (byte) (timestamp >>> 24);
        packet[5] = (byte) (timestamp >>> 16);
        packet[6] = (byte) (timestamp >>> 8);
        packet[7] = (byte) timestamp;
        packet[11] = 0x21;
        java.util.Arrays.fill(packet, 12, packet.length, (byte) 0x55);
        return packet;
    }

    @Test
    void mediaStartComesOnceWithTheEarlyMedia() throws Exception {
        try (WsClient client = connect()) {
            client.send("CALL:0912345678");
            assertEquals("CALL_STATE:CALLING", client.next(CALL_WAIT));
            assertEquals("CALL_STATE:RINGING", client.next(CALL_WAIT));
            String callId = expectMediaStart(client, "PCMU");
            assertTrue(callId.contains("@"), callId);

            Matcher offered = OFFERED_PORT.matcher(sipp.messages());
            assertTrue(offered.find(), "the INVITE's SDP offer names the gateway's RTP port");
            InetSocketAddress gateway = new InetSocketAddress("127.0.0.1", Integer.parseInt(offered.group(1)));
            for (int i = 1; i <= EARLY_PACKETS; i++) {
                sink.send(packet(i), gateway);
                Thread.sleep(20); // a real sender's 20 ms pace
            }
            for (int i = 1; i <= EARLY_PACKETS; i++) {
                String line = client.next(CALL_WAIT);
                assertTrue(line.startsWith("RTP:80"), "early audio after MEDIA_START, before ANSWERED: " + line);
            }

            assertEquals("CALL_STATE:ANSWERED", client.next(CALL_WAIT));
            client.assertNothingWithin(Duration.ofMillis(300));
            hangUpAndExpectLocalBye(client);
            assertSippSucceeded();
        }
    }
}
