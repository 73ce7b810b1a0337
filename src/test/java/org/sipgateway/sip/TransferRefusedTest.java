package org.sipgateway.sip;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.SipTestSupport;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A REFER the far end refuses (603): one ERROR, the call stays up and can be hung up. */
class TransferRefusedTest extends SipTestSupport {

    @Override
    protected String scenario() {
        return "uas-answer-refer-refused.xml";
    }

    @Test
    void aRefusedReferLeavesTheCallUp() throws Exception {
        try (WsClient client = connect()) {
            callAndExpectAnswer(client, "0912345678");
            client.send("TRANSFER:0987654321");
            assertEquals("ERROR:refused:TRANSFER refused by the far end: 603 Decline", client.nextStartingWith("ERROR", CALL_WAIT));
            hangUpAndExpectLocalBye(client);
            assertSippSucceeded();
        }
    }
}
