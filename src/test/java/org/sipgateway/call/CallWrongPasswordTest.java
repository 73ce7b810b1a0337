package org.sipgateway.call;

import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.SipTestSupport;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** A wrong password: SIPp's verifyauth rejects the digest, and the call ends with SIPp's refusal. */
class CallWrongPasswordTest extends SipTestSupport {

    @Override
    protected String scenario() {
        return "uas-auth-401.xml";
    }

    @Override
    protected void sipSettings(Properties properties) {
        properties.setProperty("gateway.sip.username", CallDigestAuthTest.USER);
        properties.setProperty("gateway.sip.password", "not-the-password");
    }

    @Test
    void refusedCredentialsEndTheCall() throws Exception {
        try (WsClient client = connect()) {
            client.send("CALL:0912345678");
            assertEquals("CALL_STATE:CALLING", client.next(CALL_WAIT));
            assertEquals("CALL_STATE:ENDED:403 Forbidden", client.next(CALL_WAIT));
            assertNotEquals(0, sipp.awaitExit(CALL_WAIT), "SIPp must count the bad digest as a failed call");
        }
    }
}
