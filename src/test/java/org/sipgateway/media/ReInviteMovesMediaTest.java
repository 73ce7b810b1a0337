package org.sipgateway.media;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.PcapWriter;
import org.sipgateway.support.RtpSink;
import org.sipgateway.support.SipTestSupport;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 8: a re-INVITE that moves the far end's media to another port (with a new stream, a new
 * SSRC) is followed both ways: the gateway sends to the new port, takes the new stream from it,
 * and drops what still comes from the old one.
 */
class ReInviteMovesMediaTest extends SipTestSupport {

    private static final HexFormat HEX = HexFormat.of();

    private RtpSink before;
    private RtpSink after;

    @Override
    protected String scenario() {
        return "uas-answer-media-move.xml";
    }

    @Override
    protected String[] sippArguments() {
        if (before == null) {
            before = new RtpSink();
            after = new RtpSink();
        }
        return new String[] {"-set", "rtp_port", Integer.toString(before.port()), "-set", "rtp_port2",
                Integer.toString(after.port()), "-set", "rtp_pt", "0", "-set", "rtp_codec", "PCMU"};
    }

    @Test
    void theGatewayFollowsTheFarEndToItsNewAddressAndStream() throws Exception {
        List<byte[]> first = PcapWriter.toneRtp(G711Codec.PCMU, 700, 3, 100, 16_000, 0x1111_1111L);
        List<byte[]> second = PcapWriter.toneRtp(G711Codec.PCMU, 900, 3, 9000, 500_000, 0x2222_2222L);
        List<byte[]> stale = PcapWriter.toneRtp(G711Codec.PCMU, 700, 1, 103, 16_480, 0x1111_1111L);
        try (WsClient client = connect()) {
            callAndExpectAnswer(client, "0912345678");
            InetSocketAddress gateway = before.await(1, CALL_WAIT).get(0).source();
            for (byte[] packet : first) {
                before.send(packet, gateway);
            }
            for (byte[] packet : first) {
                assertEquals("RTP:" + HEX.formatHex(packet), client.nextStartingWith("RTP:", CALL_WAIT));
            }

            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!logs.contains("re-INVITE: media now to 127.0.0.1:" + after.port()) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(logs.contains("re-INVITE: media now to 127.0.0.1:" + after.port()), "the re-INVITE was seen");
            assertTrue(after.await(1, CALL_WAIT).get(0).source().equals(gateway), "the gateway now sends to the new port");

            before.send(stale.get(0), gateway);
            for (byte[] packet : second) {
                after.send(packet, gateway);
            }
            for (byte[] packet : second) {
                assertEquals("RTP:" + HEX.formatHex(packet), client.nextStartingWith("RTP:", CALL_WAIT),
                        "the new stream from the new address");
            }
            assertNull(ReceivedAudioTest.poll(client, Duration.ofMillis(300)), "nothing from the old address");
            hangUpAndExpectLocalBye(client);
            assertSippSucceeded();
        } finally {
            before.close();
            after.close();
        }
        assertTrue(logs.lines().stream().anyMatch(l -> l.contains("RTP closed: received 6, sent ")
                && l.contains("and 1 from unexpected sources") && l.contains("followed 1 SSRC change")), "counted");
    }
}
