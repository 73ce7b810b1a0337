package org.sipgateway.sip;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.SipTestSupport;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * HOLD and RESUME (RFC 6337 §5.3): re-INVITEs offering a=sendonly, then a=sendrecv; SIPp's
 * scenario fails the call if either offers another direction. Refused in a state that does not
 * allow them.
 */
class HoldResumeTest extends SipTestSupport {

    @Override
    protected String scenario() {
        return "uas-answer-hold.xml";
    }

    @Test
    void holdThenResume() throws Exception {
        try (WsClient client = connect()) {
            client.send("HOLD");
            assertEquals("ERROR:no-call:no active call to HOLD", client.next(CALL_WAIT));
            callAndExpectAnswer(client, "0912345678");
            client.send("RESUME");
            assertEquals("ERROR:bad-command:the call is not on hold", client.nextStartingWith("ERROR", CALL_WAIT));

            client.send("HOLD");
            assertEquals("CALL_STATE:HELD", client.nextStartingWith("CALL_STATE", CALL_WAIT));
            client.send("HOLD");
            assertEquals("ERROR:bad-command:the call is already on hold", client.nextStartingWith("ERROR", CALL_WAIT));
            client.send("RESUME");
            assertEquals("CALL_STATE:ANSWERED", client.nextStartingWith("CALL_STATE", CALL_WAIT));

            hangUpAndExpectLocalBye(client);
            assertSippSucceeded();
        }
    }
}
