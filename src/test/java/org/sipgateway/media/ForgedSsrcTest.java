package org.sipgateway.media;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.PcapWriter;
import org.sipgateway.support.FarEndSinkTestSupport;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 8, source security: packets from the far end's own address but with another SSRC (a
 * forger who spoofs the source, or a second sender) are dropped and counted while the call's own
 * stream goes on, packet for packet and in order, to the client.
 */
class ForgedSsrcTest extends FarEndSinkTestSupport {

    private static final HexFormat HEX = HexFormat.of();
    private static final int PACKETS = 10;

    @Test
    void foreignSsrcIsDroppedWhileTheCallsStreamContinues() throws Exception {
        List<byte[]> own = PcapWriter.toneRtp(G711Codec.PCMU, 700, PACKETS, 100, 16_000, 0x0A0A_0A0AL);
        List<byte[]> forged = PcapWriter.toneRtp(G711Codec.PCMU, 1400, PACKETS, 100, 16_000, 0x0F0F_0F0FL);
        try (WsClient client = connect()) {
            callAndExpectAnswer(client, "0912345678");
            InetSocketAddress gateway = sink.await(1, CALL_WAIT).get(0).source();
            for (int i = 0; i < PACKETS; i++) {
                sink.send(own.get(i), gateway);
                sink.send(forged.get(i), gateway);
                Thread.sleep(20); // paced like a real stream
            }
            List<String> lines = new ArrayList<>();
            while (lines.size() < PACKETS) {
                String message = client.next(CALL_WAIT);
                assertTrue(message.startsWith("RTP:"), "only audio during the call: " + message);
                lines.add(message);
            }
            assertNull(ReceivedAudioTest.poll(client, Duration.ofMillis(500)), "no forged packet reached the client");
            for (int i = 0; i < PACKETS; i++) {
                assertEquals("RTP:" + HEX.formatHex(own.get(i)), lines.get(i), "the call's own packet " + i + ", in order");
            }
            client.send("HANGUP");
            assertEquals("CALL_STATE:ENDED:local-bye", client.nextStartingWith("CALL_STATE", CALL_WAIT));
            assertSippSucceeded();
        } finally {
            sink.close();
        }
        assertTrue(logs.lines().stream().anyMatch(l -> l.contains("RTP closed: received " + PACKETS + ", sent ")
                && l.contains(PACKETS + " with a foreign SSRC")), "every forged packet is counted");
        assertTrue(logs.lines().stream().anyMatch(l -> l.contains("Dropping RTP with another stream's SSRC: SSRC f0f0f0f")),
                "the first forged packet is logged");
    }
}
