package org.sipgateway.call;

import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.SipTestSupport;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIPp challenges the INVITE with 401 (qop=auth) and checks the digest with verifyauth: a wrong
 * digest makes SIPp refuse the call and fail, so this passes only with correct maths. The
 * password must never appear in any log line.
 */
class CallDigestAuthTest extends SipTestSupport {

    static final String USER = "gwuser";
    static final String PASSWORD = "gw-secret-42";

    @Override
    protected String scenario() {
        return "uas-auth-401.xml";
    }

    @Override
    protected void sipSettings(Properties properties) {
        properties.setProperty("gateway.sip.username", USER);
        properties.setProperty("gateway.sip.password", PASSWORD);
    }

    @Test
    void answersTheChallengeAndTheCallGoesThrough() throws Exception {
        try (WsClient client = connect()) {
            callAndExpectAnswer(client, "0912345678");
            hangUpAndExpectLocalBye(client);
            assertSippSucceeded();
            String trace = sipp.messages();
            assertTrue(trace.contains("Authorization: Digest"), "the second INVITE carries credentials");
            assertTrue(trace.contains("qop=auth"), "qop=auth was offered, so it is used");
            assertTrue(trace.contains("nc=00000001"), trace);
        }
        assertFalse(logs.lines().stream().anyMatch(line -> line.contains(PASSWORD)), "the password leaked into the log");
    }
}
