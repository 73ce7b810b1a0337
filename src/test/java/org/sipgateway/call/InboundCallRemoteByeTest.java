package org.sipgateway.call;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.InboundCallTestSupport;
import org.sipgateway.support.Sipp;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** An answered inbound call that the caller hangs up: the owner sees ENDED:remote-bye, and may LISTEN on. */
class InboundCallRemoteByeTest extends InboundCallTestSupport {

    @Test
    void theCallerHangsUp() throws Exception {
        try (WsClient client = connect()) {
            listen(client, ".*");
            Sipp caller = call("uac-inbound-call-bye.xml", "-d", "1000");
            awaitIncoming(client);
            client.send("ANSWER");
            assertEquals("CALL_STATE:ANSWERED", client.next(WAIT));
            assertEquals("CALL_STATE:ENDED:remote-bye", client.nextStartingWith("CALL_STATE", WAIT));
            assertCallerSucceeded(caller);

            client.send("LISTEN:off");
            assertEquals("LISTEN:off", client.next(WAIT));
        }
    }
}
