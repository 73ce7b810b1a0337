package org.sipgateway.console;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.GatewayTestSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console's files come from the classpath (so from the jar), only the listed ones, and the
 * page learns the WebSocket's port from settings.json, since it is not the page's own port.
 */
class ConsoleFilesServedTest extends GatewayTestSupport {

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesThePageItsFilesAndTheWebSocketPort() throws Exception {
        HttpResponse<String> page = get("/console");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("<script src=\"/console/console.js\">"), page.body());

        HttpResponse<String> script = get("/console/console.js");
        assertEquals(200, script.statusCode());
        assertTrue(script.body().contains("AUDIO_FORMAT:l16-16k"));
        assertEquals(200, get("/console/console.css").statusCode());

        HttpResponse<String> settings = get("/console/settings.json");
        assertEquals("{\"wsPort\":" + wsPort + ",\"wsPath\":\"/\",\"wsTls\":false}", settings.body());
    }

    @Test
    void servesNothingElse() throws Exception {
        assertEquals(404, get("/console/logback.xml").statusCode());
        assertEquals(404, get("/console/..%2Flogback.xml").statusCode());
        assertEquals(404, get("/console/application.properties").statusCode());
    }
}
