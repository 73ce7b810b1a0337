package org.sipgateway.call;

import java.time.Duration;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.GatewayTestSupport;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 7 obs. 2: gateway.call.max-concurrent bounds the calls of all clients together. */
class CallLimitsTotalTest extends GatewayTestSupport {

    @Override
    protected void settings(Properties properties) {
        properties.setProperty("gateway.call.max-concurrent", "1");
    }

    @Test
    void theSecondCallOnTheGatewayIsRefused() throws Exception {
        try (WsClient a = connect(); WsClient b = connect()) {
            CallLimitsSupport.answered(a, "0911111111");
            b.send("CALL:0922222222");
            String refused = b.next(CallLimitsSupport.WAIT);
            assertTrue(refused.startsWith("ERROR:limit:") && refused.contains("gateway.call.max-concurrent=1"), refused);
            b.assertNothingWithin(Duration.ofMillis(300));
            CallLimitsSupport.hangUp(a);
            CallLimitsSupport.answeredOnceReleased(b, "0922222222");
            CallLimitsSupport.hangUp(b);
        }
    }
}
