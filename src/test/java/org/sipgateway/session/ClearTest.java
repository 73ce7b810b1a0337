package org.sipgateway.session;

import java.time.Duration;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.FarEndSinkTestSupport;
import org.sipgateway.support.Tones;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PROTOCOL.md §6 barge-in: CLEAR drops the streamed audio still queued; sending stops within a packet time. */
class ClearTest extends FarEndSinkTestSupport {

    @Override
    protected void sipSettings(Properties properties) {
        properties.setProperty("gateway.rtp.silence-when-idle", "false");
    }

    @Test
    void clearStopsTheQueuedAudio() throws Exception {
        byte[] l16 = Tones.l16Tone(3000);
        try (WsClient client = connect()) {
            client.send("CLEAR");
            assertEquals("ERROR:no-call:no active call to clear", client.next());
            client.send("AUDIO_FORMAT:l16");
            assertEquals("AUDIO_FORMAT:l16", client.next());
            callAndExpectAnswer(client, "0912345678");
            client.sendBinary(l16);
            sink.await(10, CALL_WAIT);
            client.send("CLEAR");
            long cleared = System.nanoTime();
            client.assertNothingWithin(Duration.ofMillis(100));
            int atClear = sink.received().size();
            long deadline = System.nanoTime() + 500_000_000L;
            while (System.nanoTime() < deadline) {
                Thread.sleep(20); // watching the far end for packets that should no longer come
            }
            int after = sink.received().size();
            long lastArrival = sink.received().get(after - 1).arrivalNanos();
            assertTrue(after < 150, "3 s of audio were queued, " + after + " packets went out");
            assertTrue(after - atClear <= 1 && lastArrival - cleared < 60_000_000L,
                    "nothing after the clear but what was on its way: " + atClear + " -> " + after);
            hangUpAndExpectLocalBye(client);
            assertSippSucceeded();
        }
    }
}
