package org.sipgateway.call;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.InboundCallTestSupport;
import org.sipgateway.support.Sipp;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** REJECT sends 486 by default, or the status given; the session learns the offer is gone. */
class InboundCallRejectedTest extends InboundCallTestSupport {

    @Test
    void rejectIsBusyHere() throws Exception {
        try (WsClient client = connect()) {
            listen(client, NUMBER);
            Sipp caller = call("uac-inbound-refused.xml");
            String callId = awaitIncoming(client);
            client.send("REJECT");
            assertEquals("INCOMING_ENDED:" + callId + ":rejected", client.next(WAIT));
            assertCallerSucceeded(caller);
            assertEquals("486", finalStatus(caller));
        }
    }

    @Test
    void rejectWithAStatus() throws Exception {
        try (WsClient client = connect()) {
            listen(client, NUMBER);
            Sipp caller = call("uac-inbound-refused.xml");
            String callId = awaitIncoming(client);
            client.send("REJECT:603");
            assertEquals("INCOMING_ENDED:" + callId + ":rejected", client.next(WAIT));
            assertCallerSucceeded(caller);
            assertEquals("603", finalStatus(caller));

            client.send("REJECT");
            assertEquals("ERROR:no-call:no incoming call is offered to this session to reject", client.next(WAIT));
            client.send("REJECT:200");
            assertEquals("ERROR:bad-command:REJECT takes a SIP status 400-699, got '200'", client.next(WAIT));
        }
    }
}
