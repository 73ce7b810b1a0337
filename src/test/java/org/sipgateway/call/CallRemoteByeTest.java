package org.sipgateway.call;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.SipTestSupport;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** SIPp answers and then hangs up itself; the gateway answers the BYE with 200 and reports it. */
class CallRemoteByeTest extends SipTestSupport {

    @Override
    protected String scenario() {
        return "uas-answer-then-bye.xml";
    }

    @Test
    void farEndByeEndsTheCall() throws Exception {
        try (WsClient client = connect()) {
            callAndExpectAnswer(client, "100");
            assertEquals("CALL_STATE:ENDED:remote-bye", client.next(CALL_WAIT));
            assertSippSucceeded();
            client.send("HANGUP");
            assertEquals("ERROR:no-call:no active call to hang up", client.next(CALL_WAIT));
        }
    }
}
