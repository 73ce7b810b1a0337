package org.sipgateway.access;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.sipgateway.session.Session;
import org.sipgateway.session.SessionRegistry;
import org.sipgateway.support.GatewayTestSupport;
import org.sipgateway.support.RawHandshake;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Default trusted networks plus a tokens file: a local client without a token is named by its
 * address; one that sends a token is named by the token's name; a wrong token is refused even
 * from a trusted network (credentials that fail never fall back to trust).
 */
class TrustedClientTokenTest extends GatewayTestSupport {

    private static final String CAROL = "carol-token-7a1e93c0d54b28f6e9a1";

    @Override
    protected void settings(Properties properties) {
        Path tokens = workDir.resolve("tokens");
        try {
            Files.writeString(tokens, "carol:" + CAROL + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        properties.setProperty("gateway.ws.auth-tokens-file", tokens.toString());
    }

    @Test
    void withoutATokenTheClientIsNamedByItsAddress() throws Exception {
        try (WsClient client = connect()) {
            client.send("HANGUP");
            client.next();
            Session session = only();
            assertEquals("127.0.0.1", session.clientName());
            assertFalse(session.hasToken());
        }
    }

    @Test
    void withATokenTheClientIsNamedByIt() throws Exception {
        try (WsClient client = WsClient.connect(HttpClient.newHttpClient(), URI.create("ws://127.0.0.1:" + wsPort + "/"),
                Map.of("Authorization", "Bearer " + CAROL))) {
            client.send("HANGUP");
            client.next();
            Session session = only();
            assertEquals("carol", session.clientName());
            assertTrue(session.hasToken());
        }
    }

    @Test
    void aWrongTokenIsRefusedEvenFromATrustedNetwork() {
        assertEquals(401, RawHandshake.send(wsPort, "/?token=not-carol", Map.of()).status());
    }

    private Session only() throws InterruptedException {
        SessionRegistry sessions = context.getRegistry().lookupByNameAndType("sessions", SessionRegistry.class);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (sessions.count() != 1 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(1, sessions.count());
        return sessions.all().iterator().next();
    }
}
