package org.sipgateway.console;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.camel.Exchange;
import org.sipgateway.config.GatewaySettings;

/**
 * The browser console's files (routes/console.camel.yaml): a fixed list read from the classpath,
 * so the page ships in the jar and works from any working directory, and no request path can
 * reach another resource. {@code settings.json} tells the page where the WebSocket listens, since
 * it is on its own port (gateway.ws.port) apart from the page's (gateway.http.port).
 */
public final class ConsoleFiles {

    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "console.js", "text/javascript; charset=utf-8",
            "console.css", "text/css; charset=utf-8");

    private final String settingsJson;

    public ConsoleFiles(GatewaySettings settings) {
        boolean tls = !settings.wsTlsCertFile().isEmpty();
        // Only what the page needs to build its ws:// URL; no file names or other settings.
        this.settingsJson = "{\"wsPort\":" + settings.wsPort() + ",\"wsPath\":\"" + jsonText(settings.wsPath())
                + "\",\"wsTls\":" + tls + "}";
    }

    /** Sets the body and Content-Type for the file the header {@code name} names, or 404. */
    public void serve(Exchange exchange) throws IOException {
        String name = exchange.getMessage().getHeader("name", "index.html", String.class);
        var message = exchange.getMessage();
        // The page changes with the gateway version; a stale cached script would speak an old protocol.
        message.setHeader("Cache-Control", "no-cache");
        if (name.equals("settings.json")) {
            message.setHeader(Exchange.CONTENT_TYPE, "application/json");
            message.setBody(settingsJson);
            return;
        }
        String type = FILES.get(name);
        InputStream in = type == null ? null : ConsoleFiles.class.getResourceAsStream("/console/" + name);
        if (in == null) {
            message.setHeader(Exchange.HTTP_RESPONSE_CODE, 404);
            message.setHeader(Exchange.CONTENT_TYPE, "text/plain");
            message.setBody("not found\n");
            return;
        }
        try (in) {
            message.setHeader(Exchange.CONTENT_TYPE, type);
            message.setBody(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static String jsonText(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
