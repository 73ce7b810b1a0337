package org.sipgateway.call;

import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.SipTestSupport;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** gateway.call.max-duration hangs up an answered call with BYE. */
class CallMaxDurationTest extends SipTestSupport {

    @Override
    protected String scenario() {
        return "uas-answer-wait-bye.xml";
    }

    @Override
    protected void sipSettings(Properties properties) {
        properties.setProperty("gateway.call.max-duration", "1");
    }

    @Test
    void longCallIsHungUp() throws Exception {
        try (WsClient client = connect()) {
            callAndExpectAnswer(client, "0912345678");
            long answered = System.nanoTime();
            assertEquals("CALL_STATE:ENDED:max-duration", client.next(CALL_WAIT));
            long heldMillis = (System.nanoTime() - answered) / 1_000_000;
            assertTrue(heldMillis >= 900, "hung up after " + heldMillis + " ms, before the 1 s limit");
            assertSippSucceeded();
            assertTrue(sipp.messages().contains("BYE sip:"), "SIPp must have received a BYE");
        }
    }
}
