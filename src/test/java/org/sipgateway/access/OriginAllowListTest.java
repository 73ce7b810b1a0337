package org.sipgateway.access;

import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.GatewayTestSupport;
import org.sipgateway.support.RawHandshake;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** gateway.ws.allowed-origins as a list: exactly those origins, not even the same host. */
class OriginAllowListTest extends GatewayTestSupport {

    @Override
    protected void settings(Properties properties) {
        properties.setProperty("gateway.ws.allowed-origins", "https://console.example.com,http://localhost:3000");
    }

    @Test
    void listedOriginsAreAcceptedAndOthersRefused() {
        assertEquals(101, RawHandshake.send(wsPort, "/", Map.of("Origin", "https://console.example.com")).status());
        assertEquals(101, RawHandshake.send(wsPort, "/", Map.of("Origin", "http://localhost:3000")).status());
        assertEquals(403, RawHandshake.send(wsPort, "/", Map.of("Origin", "https://evil.example")).status());
        assertEquals(403, RawHandshake.send(wsPort, "/", Map.of("Origin", "http://127.0.0.1:3000")).status());
        assertEquals(101, RawHandshake.send(wsPort, "/", Map.of()).status());
    }
}
