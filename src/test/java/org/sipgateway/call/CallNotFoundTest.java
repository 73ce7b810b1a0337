package org.sipgateway.call;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.SipTestSupport;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CallNotFoundTest extends SipTestSupport {

    @Override
    protected String scenario() {
        return "uas-not-found.xml";
    }

    @Test
    void notFoundEndsWithCodeAndReason() throws Exception {
        try (WsClient client = connect()) {
            client.send("CALL:sip:nobody@" + sipp.hostPort());
            assertEquals("CALL_STATE:CALLING", client.next(CALL_WAIT));
            assertEquals("CALL_STATE:ENDED:404 Not Found", client.next(CALL_WAIT));
            assertSippSucceeded();
        }
    }
}
