package org.sipgateway.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sipgateway.support.SipTestSupport;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Call set-up time through the whole gateway: from sending CALL on the WebSocket to receiving
 * CALL_STATE:ANSWERED, against a SIPp that answers at once, over 20 calls one after another.
 * Prints the figures; asserts nothing about them. Run: mvn -B test -Pbench -Dtest=CallSetupBenchmark
 */
@Tag("benchmark")
class CallSetupBenchmark extends SipTestSupport {

    private static final int CALLS = 20;
    private static final int WARM_UP = 3;

    @Override
    protected String scenario() {
        return "uas-answer-wait-bye.xml";
    }

    @Override
    protected int calls() {
        return CALLS + WARM_UP;
    }

    @Test
    void callSetupTime() throws Exception {
        List<Double> millis = new ArrayList<>();
        try (WsClient client = connect()) {
            for (int i = 0; i < CALLS + WARM_UP; i++) {
                long start = System.nanoTime();
                client.send("CALL:0912345678");
                client.nextStartingWith("CALL_STATE:ANSWERED", CALL_WAIT);
                long answered = System.nanoTime();
                if (i >= WARM_UP) {
                    millis.add((answered - start) / 1e6);
                }
                client.send("HANGUP");
                assertEquals("CALL_STATE:ENDED:local-bye", client.next(CALL_WAIT));
            }
        }
        assertSippSucceeded();
        Collections.sort(millis);
        System.out.printf("BENCHMARK call set-up (CALL -> CALL_STATE:ANSWERED), %d calls after %d warm-up: "
                + "median %.2f ms, p90 %.2f ms, min %.2f ms, max %.2f ms%n", CALLS, WARM_UP,
                (millis.get(CALLS / 2 - 1) + millis.get(CALLS / 2)) / 2, millis.get((int) Math.ceil(CALLS * 0.9) - 1),
                millis.get(0), millis.get(CALLS - 1));
    }
}
