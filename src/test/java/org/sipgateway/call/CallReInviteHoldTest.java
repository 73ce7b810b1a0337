package org.sipgateway.call;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.SipTestSupport;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The far end puts the call on hold with a re-INVITE (sendonly). The gateway answers 200 with the
 * mirrored direction (recvonly) and the same codec, which SIPp checks; the call stays up.
 */
class CallReInviteHoldTest extends SipTestSupport {

    @Override
    protected String scenario() {
        return "uas-answer-reinvite-hold.xml";
    }

    @Test
    void holdIsAnsweredAndTheCallStaysUp() throws Exception {
        try (WsClient client = connect()) {
            callAndExpectAnswer(client, "0912345678");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!logs.contains("on hold") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(logs.contains("on hold"), "the re-INVITE was seen");
            client.assertNothingWithin(Duration.ofMillis(300));
            hangUpAndExpectLocalBye(client);
            assertSippSucceeded();
        }
    }
}
