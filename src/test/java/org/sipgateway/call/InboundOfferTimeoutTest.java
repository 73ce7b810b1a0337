package org.sipgateway.call;

import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.InboundCallTestSupport;
import org.sipgateway.support.Sipp;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Nobody answers within gateway.call.offer-timeout: 480 for the caller, INCOMING_ENDED:timeout for the listener. */
class InboundOfferTimeoutTest extends InboundCallTestSupport {

    @Override
    protected void inboundSettings(Properties properties) {
        properties.setProperty("gateway.call.offer-timeout", "2");
    }

    @Test
    void anOfferNobodyTakesTimesOut() throws Exception {
        try (WsClient client = connect()) {
            listen(client, NUMBER);
            Sipp caller = call("uac-inbound-refused.xml");
            long offered = System.nanoTime();
            String callId = awaitIncoming(client);
            assertEquals("INCOMING_ENDED:" + callId + ":timeout", client.next(WAIT));
            long waitedMillis = (System.nanoTime() - offered) / 1_000_000;
            assertTrue(waitedMillis >= 1500, "the offer stood about 2 s: " + waitedMillis + " ms");
            assertCallerSucceeded(caller);
            assertEquals("480", finalStatus(caller));
        }
    }
}
