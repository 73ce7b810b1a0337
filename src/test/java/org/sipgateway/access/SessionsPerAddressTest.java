package org.sipgateway.access;

import java.time.Duration;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.sipgateway.session.SessionRegistry;
import org.sipgateway.support.GatewayTestSupport;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 7 observation 2: one address could hold every gateway.ws.max-sessions place. Now the
 * session past gateway.ws.max-sessions-per-address gets ERROR:limit and is closed with 1013,
 * the others are unaffected, and a place is given back when a session closes.
 */
class SessionsPerAddressTest extends GatewayTestSupport {

    @Override
    protected void settings(Properties properties) {
        properties.setProperty("gateway.ws.max-sessions-per-address", "2");
    }

    @Test
    void theThirdSessionFromOneAddressIsTurnedAway() throws Exception {
        try (WsClient first = connect(); WsClient second = connect()) {
            first.send("HANGUP");
            second.send("HANGUP");
            assertEquals("ERROR:no-call:no active call to hang up", first.next());
            assertEquals("ERROR:no-call:no active call to hang up", second.next());
            WsClient third = connect();
            assertEquals("ERROR:limit:too many sessions from 127.0.0.1 (max 2)", third.next());
            assertTrue(third.awaitClosed(Duration.ofSeconds(5)), "the refused connection is closed");
            assertTrue(logs.lines().stream().anyMatch(l -> l.contains("gateway.ws.max-sessions-per-address=2")));
            first.send("HANGUP");
            assertEquals("ERROR:no-call:no active call to hang up", first.next(), "the others are unaffected");
            second.close();
            WsClient again = awaitPlace();
            again.close();
        }
    }

    /** A new connection once the closed one's place is back (the close is handled asynchronously). */
    private WsClient awaitPlace() throws InterruptedException {
        SessionRegistry sessions = context.getRegistry().lookupByNameAndType("sessions", SessionRegistry.class);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (sessions.count() > 1 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        WsClient client = connect();
        client.send("HANGUP");
        assertEquals("ERROR:no-call:no active call to hang up", client.next(), "the place is given back");
        return client;
    }
}
