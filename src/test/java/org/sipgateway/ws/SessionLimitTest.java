package org.sipgateway.ws;

import java.time.Duration;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.sipgateway.session.SessionRegistry;
import org.sipgateway.support.GatewayTestSupport;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** gateway.ws.max-sessions: the connection past the limit gets ERROR:limit and is closed; a freed place is reusable. */
class SessionLimitTest extends GatewayTestSupport {

    @Override
    protected void settings(Properties properties) {
        properties.setProperty("gateway.ws.max-sessions", "2");
    }

    @Test
    void theThirdSessionIsTurnedAway() throws Exception {
        try (WsClient first = connect(); WsClient second = connect()) {
            first.send("HANGUP");
            second.send("HANGUP");
            assertEquals("ERROR:no-call:no active call to hang up", first.next());
            assertEquals("ERROR:no-call:no active call to hang up", second.next());
            WsClient third = connect();
            assertEquals("ERROR:limit:too many sessions (max 2)", third.next());
            assertTrue(third.awaitClosed(Duration.ofSeconds(5)), "the refused connection is closed");
        }
        SessionRegistry sessions = context.getRegistry().lookupByNameAndType("sessions", SessionRegistry.class);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (sessions.count() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(0, sessions.count(), "closed sessions are removed");
        try (WsClient again = connect()) {
            again.send("HANGUP");
            assertEquals("ERROR:no-call:no active call to hang up", again.next(), "places are given back when sessions close");
        }
    }
}
