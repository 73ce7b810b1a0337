package org.sipgateway.session;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.FarEndSinkTestSupport;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** SEND_DTMF into a call whose far end accepted no telephone-event is refused, the call goes on. */
class SendDtmfRefusedTest extends FarEndSinkTestSupport {

    @Test
    void refusedWithoutTelephoneEvent() throws Exception {
        try (WsClient client = connect()) {
            client.send("SEND_DTMF:5");
            assertEquals("ERROR:no-call:no active call to send digits into", client.next());
            callAndExpectAnswer(client, "0912345678");
            client.send("SEND_DTMF:5");
            assertEquals("ERROR:bad-command:the far end did not accept telephone-event (RFC 4733)",
                    client.nextStartingWith("ERROR:", CALL_WAIT));
            hangUpAndExpectLocalBye(client);
            assertSippSucceeded();
        }
    }
}
