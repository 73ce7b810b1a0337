package org.sipgateway.sip;

import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.SipTestSupport;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A 302 to a Contact the dial plan refuses is not followed: the call ends with the 302. */
class RedirectRefusedTest extends SipTestSupport {

    @Override
    protected String scenario() {
        return "uas-redirect-only.xml";
    }

    @Override
    protected void sipSettings(Properties properties) {
        properties.setProperty("gateway.call.allowed-targets", "0912345678");
    }

    @Test
    void aRedirectOutsideTheDialPlanEndsTheCall() throws Exception {
        try (WsClient client = connect()) {
            client.send("CALL:0912345678");
            assertEquals("CALL_STATE:CALLING", client.next(CALL_WAIT));
            assertEquals("CALL_STATE:ENDED:302 Moved Temporarily", client.next(CALL_WAIT));
            assertSippSucceeded();
        }
    }
}
