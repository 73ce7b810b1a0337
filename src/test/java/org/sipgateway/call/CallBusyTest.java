package org.sipgateway.call;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.SipTestSupport;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CallBusyTest extends SipTestSupport {

    @Override
    protected String scenario() {
        return "uas-busy.xml";
    }

    @Test
    void busyEndsWithCodeAndReason() throws Exception {
        try (WsClient client = connect()) {
            client.send("CALL:0912345678");
            assertEquals("CALL_STATE:CALLING", client.next(CALL_WAIT));
            assertEquals("CALL_STATE:ENDED:486 Busy Here", client.next(CALL_WAIT));
            assertSippSucceeded();
        }
    }
}
