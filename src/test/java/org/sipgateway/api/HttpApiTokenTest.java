package org.sipgateway.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.GatewayTestSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP API with tokens configured and no trusted network (PROTOCOL.md §7, §8): no token or a
 * wrong one gets 401 and one JSON error, the right one as a Bearer header gets in; the token never
 * reaches the log. Health stays open for probes.
 */
class HttpApiTokenTest extends GatewayTestSupport {

    private static final String TOKEN = "s3cret-api-token-0123456789";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Override
    protected void settings(Properties properties) {
        try {
            Path tokens = Files.writeString(workDir.resolve("tokens.txt"), "ops:" + TOKEN + "\n");
            properties.setProperty("gateway.ws.auth-tokens-file", tokens.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        properties.setProperty("gateway.ws.trusted-networks", "");
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aTokenIsNeededAndEnough() throws Exception {
        HttpResponse<String> none = get("/api/calls", null);
        assertEquals(401, none.statusCode(), none.body());
        assertTrue(none.body().startsWith("{\"error\":\"token required"), none.body());
        HttpResponse<String> wrong = get("/api/recordings", "Bearer not-the-token");
        assertEquals(401, wrong.statusCode(), wrong.body());
        assertEquals("{\"error\":\"invalid token\"}", wrong.body());
        HttpResponse<String> right = get("/api/calls", "Bearer " + TOKEN);
        assertEquals(200, right.statusCode(), right.body());
        assertEquals("[]", right.body());
        assertEquals(200, get("/observe/health", null).statusCode(), "probes need no token");
        assertTrue(logs.contains("HTTP API refused from 127.0.0.1: no token"), "a refusal is logged");
        assertFalse(logs.lines().stream().anyMatch(l -> l.contains(TOKEN)), "the token is never logged");
    }
}
