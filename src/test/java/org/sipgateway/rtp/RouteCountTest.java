package org.sipgateway.rtp;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.GatewayTestSupport;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 8: no route is created or removed per call; 50 calls come and go and the route count stays put. */
class RouteCountTest extends GatewayTestSupport {

    private static final int CALLS = 50;

    @Override
    protected void settings(Properties properties) {
        properties.setProperty("gateway.call.max-concurrent-per-client", "100");
        properties.setProperty("gateway.call.max-per-minute-per-client", "1000");
        properties.setProperty("gateway.ws.max-sessions-per-address", "100");
    }

    @Test
    void theRouteCountStaysConstantWhileCallsComeAndGo() throws Exception {
        int before = context.getRoutes().size();
        List<WsClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < CALLS; i++) {
                WsClient client = connect();
                clients.add(client);
                client.send("CALL:0912345678");
            }
            for (WsClient client : clients) {
                client.nextStartingWith("CALL_STATE:ANSWERED", WsClient.DEFAULT_WAIT);
                assertTrue(client.nextStartingWith("RTP:", WsClient.DEFAULT_WAIT).startsWith("RTP:"), "audio flows");
            }
            RtpComponent rtp = context.getComponent("rtp", RtpComponent.class);
            assertEquals(CALLS, rtp.sessions(), "every call has its media");
            assertEquals(before, context.getRoutes().size(), "no route per call while " + CALLS + " calls run");
            for (WsClient client : clients) {
                client.send("HANGUP");
            }
            for (WsClient client : clients) {
                assertEquals("CALL_STATE:ENDED:local-bye", client.nextStartingWith("CALL_STATE:ENDED", WsClient.DEFAULT_WAIT));
            }
            assertEquals(before, context.getRoutes().size(), "no route left behind");
            assertEquals(0, rtp.sessions(), "every call's media is closed");
        } finally {
            for (WsClient client : clients) {
                client.close();
            }
        }
    }
}
