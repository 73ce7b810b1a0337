package org.sipgateway.call;

import java.time.Duration;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.FreePorts;
import org.sipgateway.support.GatewayTestSupport;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nothing listens at gateway.sip.server: the INVITE gets no response at all, and when RFC 3261's
 * Timer B (32 s) gives up the call ends as {@code unreachable}, told apart from {@code timeout}
 * (a server that answered but nobody picked up in time).
 */
class CallUnreachableTest extends GatewayTestSupport {

    @Override
    protected void settings(Properties properties) {
        properties.setProperty("gateway.sip.server", "127.0.0.1:" + FreePorts.udpAndTcp());
    }

    @Test
    void noResponseAtAllIsUnreachable() throws Exception {
        try (WsClient client = connect()) {
            long start = System.nanoTime();
            client.send("CALL:0912345678");
            assertEquals("CALL_STATE:CALLING", client.next(WsClient.DEFAULT_WAIT));
            assertEquals("CALL_STATE:ENDED:unreachable", client.next(Duration.ofSeconds(45)));
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            assertTrue(seconds >= 30 && seconds <= 40, "after Timer B, 32 s: " + seconds + " s");
            assertTrue(logs.contains("is unreachable"), "the log says so");
        }
    }
}
