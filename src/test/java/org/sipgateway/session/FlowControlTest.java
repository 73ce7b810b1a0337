package org.sipgateway.session;

import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.FarEndSinkTestSupport;
import org.sipgateway.support.Tones;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PROTOCOL.md §6 flow control: MEDIA_XOFF once the client's queued audio passes the high-water
 * mark, MEDIA_XON when it has drained below the low one; audio past the hard limit gets one
 * ERROR:limit per XOFF period, and is taken again after XON.
 */
class FlowControlTest extends FarEndSinkTestSupport {

    @Override
    protected void sipSettings(Properties properties) {
        properties.setProperty("gateway.rtp.silence-when-idle", "false");
        properties.setProperty("gateway.media.max-queued-ms", "1500");
        properties.setProperty("gateway.media.xoff-ms", "1000");
        properties.setProperty("gateway.media.xon-ms", "600");
    }


    @Test
    void xoffXonAndOneRefusalPerPeriod() throws Exception {
        try (WsClient client = connect()) {
            client.send("AUDIO_FORMAT:l16");
            assertEquals("AUDIO_FORMAT:l16", client.next());
            callAndExpectAnswer(client, "0912345678");
            long start = System.nanoTime();
            client.sendBinary(Tones.l16Tone(1200));
            assertEquals("MEDIA_XOFF", client.next(CALL_WAIT), "1.2 s queued is above the 1 s mark");
            client.sendBinary(Tones.l16Tone(500));
            client.sendBinary(Tones.l16Tone(500));
            String refused = client.next(CALL_WAIT);
            assertTrue(refused.startsWith("ERROR:limit:audio refused"), refused);
            assertEquals("MEDIA_XON", client.next(CALL_WAIT), "one error in the period; then XON once drained");
            long xon = (System.nanoTime() - start) / 1_000_000;
            assertTrue(xon >= 500 && xon < 1100, "XON after about 0.6 s of 1.2 s drained: " + xon + " ms");
            client.sendBinary(Tones.l16Tone(300));
            sink.await(75, CALL_WAIT);
            client.assertNothingWithin(java.time.Duration.ofMillis(300));
            // 1.2 s + 0.3 s reached the far end; the refused pieces did not.
            assertEquals(75, sink.received().size(), "packets for 1.5 s of accepted audio");
            hangUpAndExpectLocalBye(client);
            assertSippSucceeded();
        }
    }
}
