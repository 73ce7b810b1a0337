package org.sipgateway.call;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.InboundCallTestSupport;
import org.sipgateway.support.Sipp;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A call nobody listens for is refused at once with 480 (the inbound-unclaimed route's default);
 * a session listening for other numbers hears nothing of it.
 */
class InboundNoListenerTest extends InboundCallTestSupport {

    @Test
    void nobodyListensFor480() throws Exception {
        try (WsClient other = connect()) {
            listen(other, "0800.*");
            Sipp caller = call("uac-inbound-refused.xml");
            assertCallerSucceeded(caller);
            assertEquals("480", finalStatus(caller));
            other.assertNothingWithin(Duration.ofMillis(300));
        }
    }
}
