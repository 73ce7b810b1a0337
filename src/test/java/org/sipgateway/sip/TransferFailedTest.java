package org.sipgateway.sip;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.SipTestSupport;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A transfer whose new call fails (NOTIFY with sipfrag 486): an ERROR, and the call goes on. */
class TransferFailedTest extends SipTestSupport {

    @Override
    protected String scenario() {
        return "uas-answer-refer.xml";
    }

    @Override
    protected String[] sippArguments() {
        return new String[] {"-set", "outcome", "486 Busy Here"};
    }

    @Test
    void aTransferThatFailsLeavesTheCallUp() throws Exception {
        try (WsClient client = connect()) {
            callAndExpectAnswer(client, "0912345678");
            client.send("TRANSFER:0987654321");
            assertEquals("CALL_STATE:TRANSFERRING", client.nextStartingWith("CALL_STATE", CALL_WAIT));
            assertEquals("ERROR:refused:TRANSFER failed: 486 Busy Here", client.nextStartingWith("ERROR", CALL_WAIT));
            assertEquals("CALL_STATE:ANSWERED", client.nextStartingWith("CALL_STATE", CALL_WAIT));
            hangUpAndExpectLocalBye(client);
            assertSippSucceeded();
        }
    }
}
