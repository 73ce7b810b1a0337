package org.sipgateway.call;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.InboundCallTestSupport;
import org.sipgateway.support.Sipp;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The caller gives up while the call is offered: 200 for its CANCEL, 487 for its INVITE, INCOMING_ENDED:cancelled. */
class InboundCallCancelledTest extends InboundCallTestSupport {

    @Test
    void theCallerCancels() throws Exception {
        try (WsClient client = connect()) {
            listen(client, NUMBER);
            Sipp caller = call("uac-inbound-cancel.xml");
            String callId = awaitIncoming(client);
            assertEquals("INCOMING_ENDED:" + callId + ":cancelled", client.next(WAIT));
            assertCallerSucceeded(caller);

            client.send("ANSWER");
            assertEquals("ERROR:no-call:no incoming call is offered to this session to answer", client.next(WAIT));
        }
    }
}
