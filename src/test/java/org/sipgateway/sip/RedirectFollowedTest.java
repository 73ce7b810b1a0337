package org.sipgateway.sip;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.SipTestSupport;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A 302 is followed once (RFC 3261 §8.1.3.4): the new INVITE goes to the Contact's URI and is answered. */
class RedirectFollowedTest extends SipTestSupport {

    @Override
    protected String scenario() {
        return "uas-redirect.xml";
    }

    @Test
    void a302IsFollowedToItsContact() throws Exception {
        try (WsClient client = connect()) {
            callAndExpectAnswer(client, "0912345678");
            hangUpAndExpectLocalBye(client);
            assertSippSucceeded();
        }
        assertTrue(logs.lines().stream().anyMatch(l -> l.contains("Redirected by 302 Moved Temporarily to sip:0987654321@")),
                "the redirect is logged");
    }
}
