package org.sipgateway.call;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.InboundCallTestSupport;
import org.sipgateway.support.Sipp;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Two sessions offered one call: the first ANSWER wins, the other is told and cannot take it. */
class InboundTwoListenersTest extends InboundCallTestSupport {

    @Test
    void theFirstAnswerWins() throws Exception {
        try (WsClient first = connect(); WsClient second = connect()) {
            listen(first, "09.*");
            listen(second, "[0-9]+");
            Sipp caller = call("uac-inbound-call.xml");
            String callId = awaitIncoming(first);
            assertEquals(callId, awaitIncoming(second));

            second.send("ANSWER");
            assertEquals("CALL_STATE:ANSWERED", second.next(WAIT));
            assertEquals("INCOMING_ENDED:" + callId + ":answered-elsewhere", first.next(WAIT));
            first.send("ANSWER");
            assertEquals("ERROR:no-call:no incoming call is offered to this session to answer", first.next(WAIT));
            first.send("HANGUP");
            assertEquals("ERROR:no-call:no active call to hang up", first.next(WAIT));

            second.send("HANGUP");
            assertEquals("CALL_STATE:ENDED:local-bye", second.nextStartingWith("CALL_STATE", WAIT));
            assertCallerSucceeded(caller);
        }
    }
}
