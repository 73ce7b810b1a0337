package org.sipgateway.call;

import java.time.Duration;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.GatewayTestSupport;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 7 obs. 2: the third new call within 60 s is refused, even one at a time. */
class CallLimitsPerMinuteTest extends GatewayTestSupport {

    @Override
    protected void settings(Properties properties) {
        properties.setProperty("gateway.call.max-per-minute-per-client", "2");
    }

    @Test
    void theThirdNewCallInAMinuteIsRefused() throws Exception {
        try (WsClient client = connect()) {
            for (int i = 0; i < 2; i++) {
                CallLimitsSupport.answeredOnceReleased(client, "0911111111");
                CallLimitsSupport.hangUp(client);
            }
            client.send("CALL:0911111111");
            String refused = client.next(CallLimitsSupport.WAIT);
            assertTrue(refused.startsWith("ERROR:limit:") && refused.contains("gateway.call.max-per-minute-per-client=2"),
                    refused);
            client.assertNothingWithin(Duration.ofMillis(300));
        }
    }
}
