package org.sipgateway.call;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.SipTestSupport;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An answering SIPp; the client hangs up and SIPp must see our BYE. */
class CallAnsweredThenHangupTest extends SipTestSupport {

    @Override
    protected String scenario() {
        return "uas-answer-wait-bye.xml";
    }

    @Test
    void answeredCallEndsWithOurBye() throws Exception {
        try (WsClient client = connect()) {
            callAndExpectAnswer(client, "0912345678");
            client.send("CALL:0912345678");
            assertTrue(client.next(CALL_WAIT).startsWith("ERROR:call-active:"));
            hangUpAndExpectLocalBye(client);
            assertSippSucceeded();
            String trace = sipp.messages();
            assertTrue(trace.contains("INVITE sip:0912345678@" + sipp.hostPort() + " SIP/2.0"), trace);
            assertTrue(trace.contains("BYE sip:"), "SIPp must have received a BYE");
            assertTrue(trace.contains("m=audio 32000 RTP/AVP 0 8 101"), "the first call offers port 32000");
            client.send("HANGUP");
            assertEquals("ERROR:no-call:no active call to hang up", client.next(CALL_WAIT));
        }
    }
}
