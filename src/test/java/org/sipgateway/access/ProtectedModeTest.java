package org.sipgateway.access;

import java.net.http.WebSocketHandshakeException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;
import org.sipgateway.session.SessionRegistry;
import org.sipgateway.support.GatewayTestSupport;
import org.sipgateway.support.RawHandshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 7 observation 2: anyone who reached the port got a session. A client outside the trusted
 * networks, with no tokens configured, is now refused at the handshake with a 403 that names the
 * two settings, and no session is made. (127.0.0.1 is made "untrusted" by trusting another network.)
 */
class ProtectedModeTest extends GatewayTestSupport {

    @Override
    protected void settings(Properties properties) {
        properties.setProperty("gateway.ws.trusted-networks", "192.0.2.0/24");
    }

    @Test
    void anUntrustedClientIsRefusedWith403NamingTheSettings() {
        RawHandshake.Answer answer = RawHandshake.send(wsPort, "/", Map.of("Sec-WebSocket-Protocol", "sip-audio-protocol"));
        assertEquals(403, answer.status(), answer.toString());
        assertTrue(answer.body().contains("gateway.ws.trusted-networks"), answer.body());
        assertTrue(answer.body().contains("gateway.ws.auth-tokens-file"), answer.body());
        assertTrue(logs.lines().stream().anyMatch(l -> l.contains("WebSocket refused from 127.0.0.1")), "one log line with the IP");
        assertEquals(0, context.getRegistry().lookupByNameAndType("sessions", SessionRegistry.class).count(), "no session");
    }

    @Test
    void theJdkClientSeesTheRefusal() {
        CompletionException e = assertThrows(CompletionException.class, () -> connect().close());
        WebSocketHandshakeException refused = assertInstanceOf(WebSocketHandshakeException.class, e.getCause());
        assertEquals(403, refused.getResponse().statusCode());
    }
}
