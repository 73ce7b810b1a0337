package org.sipgateway.call;

import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.SipTestSupport;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Nobody answers: after gateway.call.ring-timeout the gateway sends CANCEL and reports a timeout. */
class CallRingTimeoutTest extends SipTestSupport {

    @Override
    protected String scenario() {
        return "uas-ring-no-answer.xml";
    }

    @Override
    protected void sipSettings(Properties properties) {
        properties.setProperty("gateway.call.ring-timeout", "2");
    }

    @Test
    void unansweredCallIsCancelled() throws Exception {
        try (WsClient client = connect()) {
            client.send("CALL:0912345678");
            assertEquals("CALL_STATE:CALLING", client.next(CALL_WAIT));
            assertEquals("CALL_STATE:RINGING", client.next(CALL_WAIT));
            long ringing = System.nanoTime();
            assertEquals("CALL_STATE:ENDED:timeout", client.next(CALL_WAIT));
            long waitedMillis = (System.nanoTime() - ringing) / 1_000_000;
            assertTrue(waitedMillis >= 1500, "ended after " + waitedMillis + " ms, before the 2 s ring timeout");
            assertSippSucceeded();
            assertTrue(sipp.messages().contains("CANCEL sip:"), "SIPp must have received a CANCEL");
        }
    }
}
