package org.sipgateway.access;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.GatewayTestSupport;
import org.sipgateway.support.RawHandshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 7 observation 2: no Origin check, so any web page a local user visits could drive the
 * gateway (cross-site WebSocket hijacking). With the default empty gateway.ws.allowed-origins, only
 * a page from the host the client connected to is let in; clients without Origin are unaffected.
 */
class OriginSameHostTest extends GatewayTestSupport {

    @Test
    void aForeignPageIsRefused() {
        RawHandshake.Answer answer = RawHandshake.send(wsPort, "/", Map.of("Origin", "https://evil.example"));
        assertEquals(403, answer.status(), answer.toString());
        assertTrue(answer.body().contains("gateway.ws.allowed-origins"), answer.body());
        assertTrue(logs.lines().stream().anyMatch(l -> l.contains("WebSocket refused from 127.0.0.1: Origin 'https://evil.example'")));
    }

    @Test
    void aPageFromTheSameHostIsAccepted() {
        assertEquals(101, RawHandshake.send(wsPort, "/", Map.of("Origin", "http://127.0.0.1:3000")).status());
        assertEquals(101, RawHandshake.send(wsPort, "/", Map.of("Origin", "http://gw.test", "Host", "gw.test:" + wsPort)).status());
    }

    @Test
    void noOriginIsNotAffected() {
        assertEquals(101, RawHandshake.send(wsPort, "/", Map.of()).status());
    }
}
