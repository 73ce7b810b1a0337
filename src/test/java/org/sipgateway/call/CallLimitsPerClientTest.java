package org.sipgateway.call;

import java.time.Duration;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.GatewayTestSupport;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 7 obs. 2 over real WebSockets and the built-in test line: sessions from 127.0.0.1 share
 * one client name, so the third concurrent call is refused before any SIP, and a call is
 * possible again once one has ended.
 */
class CallLimitsPerClientTest extends GatewayTestSupport {

    static final Duration WAIT = Duration.ofSeconds(15);

    @Override
    protected void settings(Properties properties) {
        properties.setProperty("gateway.call.max-concurrent-per-client", "2");
    }

    @Test
    void theThirdConcurrentCallIsRefusedUntilOneEnds() throws Exception {
        try (WsClient a = connect(); WsClient b = connect(); WsClient c = connect()) {
            CallLimitsSupport.answered(a, "0911111111");
            CallLimitsSupport.answered(b, "0922222222");
            c.send("CALL:0933333333");
            String refused = c.next(WAIT);
            assertTrue(refused.startsWith("ERROR:limit:") && refused.contains("gateway.call.max-concurrent-per-client=2"),
                    refused);
            c.assertNothingWithin(Duration.ofMillis(300));
            CallLimitsSupport.hangUp(a);
            CallLimitsSupport.answeredOnceReleased(c, "0933333333");
            CallLimitsSupport.hangUp(b);
            CallLimitsSupport.hangUp(c);
        }
    }
}
