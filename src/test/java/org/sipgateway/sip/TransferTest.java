package org.sipgateway.sip;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.SipTestSupport;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TRANSFER (RFC 3515 blind transfer): REFER accepted with 202, then NOTIFYs with sipfrag 100 and
 * 200: TRANSFERRING, then the gateway hangs up and the call ends as transferred.
 */
class TransferTest extends SipTestSupport {

    @Override
    protected String scenario() {
        return "uas-answer-refer.xml";
    }

    @Override
    protected String[] sippArguments() {
        return new String[] {"-set", "outcome", "200 OK"};
    }

    @Test
    void aBlindTransferThatIsAnswered() throws Exception {
        try (WsClient client = connect()) {
            callAndExpectAnswer(client, "0912345678");
            client.send("TRANSFER:sip:bob@example.com;maddr=10.0.0.1");
            assertTrue(client.nextStartingWith("ERROR", CALL_WAIT).startsWith("ERROR:bad-target:"), "the dial plan's checks apply");
            client.send("TRANSFER:0987654321");
            assertEquals("CALL_STATE:TRANSFERRING", client.nextStartingWith("CALL_STATE", CALL_WAIT));
            client.send("TRANSFER:0987654321");
            assertEquals("ERROR:bad-command:a transfer is already in progress", client.nextStartingWith("ERROR", CALL_WAIT));
            assertEquals("CALL_STATE:ENDED:transferred", client.nextStartingWith("CALL_STATE", CALL_WAIT));
            assertSippSucceeded();
        }
    }
}
