package org.sipgateway.call;

import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.SipTestSupport;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** 407 Proxy Authentication Required without qop (RFC 2069-style digest), checked by SIPp's verifyauth. */
class CallProxyAuthTest extends SipTestSupport {

    @Override
    protected String scenario() {
        return "uas-auth-407.xml";
    }

    @Override
    protected void sipSettings(Properties properties) {
        properties.setProperty("gateway.sip.username", CallDigestAuthTest.USER);
        properties.setProperty("gateway.sip.password", CallDigestAuthTest.PASSWORD);
    }

    @Test
    void answersTheProxyChallenge() throws Exception {
        try (WsClient client = connect()) {
            callAndExpectAnswer(client, "0912345678");
            hangUpAndExpectLocalBye(client);
            assertSippSucceeded();
            String trace = sipp.messages();
            assertTrue(trace.contains("Proxy-Authorization: Digest"), "the second INVITE carries proxy credentials");
            assertFalse(trace.contains("nc=0"), "no qop offered, so no nonce count");
        }
    }
}
