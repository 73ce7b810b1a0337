package org.sipgateway.call;

import java.time.Duration;

import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Steps the call limit tests share. */
final class CallLimitsSupport {

    static final Duration WAIT = Duration.ofSeconds(15);

    private CallLimitsSupport() {
    }

    /** The next line that is not audio (the test line echoes RTP: lines while a call is up). */
    static String nextControl(WsClient client) throws InterruptedException {
        while (true) {
            String line = client.next(WAIT);
            if (!line.startsWith("RTP:")) {
                return line;
            }
        }
    }

    static void hangUp(WsClient client) throws InterruptedException {
        client.send("HANGUP");
        assertEquals("CALL_STATE:ENDED:local-bye", client.nextStartingWith("CALL_STATE:", WAIT));
    }

    static void answered(WsClient client, String target) throws InterruptedException {
        client.send("CALL:" + target);
        assertEquals("CALL_STATE:CALLING", client.next(WAIT));
        assertEquals("CALL_STATE:RINGING", client.next(WAIT));
        assertEquals("CALL_STATE:ANSWERED", client.next(WAIT));
    }

    /**
     * The permit is released by the ended call's end actions, which may run a moment after the
     * ENDED line left; so this retries while the answer is still ERROR:limit, for a bounded time.
     */
    static void answeredOnceReleased(WsClient client, String target) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            client.send("CALL:" + target);
            String first = nextControl(client);
            if (first.equals("CALL_STATE:CALLING")) {
                assertEquals("CALL_STATE:RINGING", client.next(WAIT));
                assertEquals("CALL_STATE:ANSWERED", client.next(WAIT));
                return;
            }
            assertTrue(first.startsWith("ERROR:limit:") && System.nanoTime() < deadline, first);
        }
    }
}
