package org.sipgateway.call;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.LogCapture;
import org.sipgateway.support.SipTestSupport;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A client that goes away mid-call takes its call with it: SIPp must see the BYE. */
class DisconnectHangsUpTest extends SipTestSupport {

    @Override
    protected String scenario() {
        return "uas-answer-wait-bye.xml";
    }

    @Test
    void closedWebSocketSendsBye() throws Exception {
        try (LogCapture logs = LogCapture.install()) {
            WsClient client = connect();
            callAndExpectAnswer(client, "0912345678");
            client.close();
            assertSippSucceeded();
            assertTrue(sipp.messages().contains("BYE sip:"), "SIPp must have received a BYE");
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!logs.contains("Call ended: disconnected") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(logs.contains("Call ended: disconnected"), "the log must say why the call ended");
        }
    }
}
