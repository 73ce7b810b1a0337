package org.sipgateway.config;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Typed, validated view of the {@code gateway.*} settings. Values are read through Camel's
 * properties component, so {@code -Dname=value} and environment variables
 * ({@code GATEWAY_WS_PORT} for {@code gateway.ws.port}) override {@code application.properties}
 * exactly as they do for the YAML routes' placeholders. A bad value stops start-up with a
 * message naming the setting.
 */
public final class GatewaySettings {

    public static final int MIB = 1024 * 1024;

    private final PropertiesComponent properties;

    private final String wsHost;
    private final int wsPort;
    private final String wsPath;
    private final int wsMaxMessageBytes;
    private final int wsWorkerThreads;
    private final int wsMaxQueuedMessages;
    private final int wsMaxSessions;
    private final Path uploadDir;
    private final int uploadMaxBytes;

    private GatewaySettings(PropertiesComponent properties) {
        this.properties = properties;
        wsHost = text("gateway.ws.host");
        wsPort = integer("gateway.ws.port", 0, 65535);
        wsPath = text("gateway.ws.path");
        if (!wsPath.startsWith("/")) {
            throw new SettingsException("gateway.ws.path", wsPath, "must start with '/'");
        }
        uploadDir = Path.of(text("gateway.upload.dir"));
        uploadMaxBytes = integer("gateway.upload.max-bytes", 1, 64 * MIB);
        wsWorkerThreads = integer("gateway.ws.worker-threads", 1, 1024);
        wsMaxQueuedMessages = integer("gateway.ws.max-queued-messages", 16, 1_000_000);
        wsMaxSessions = integer("gateway.ws.max-sessions", 1, 1_000_000);
        int configuredMessage = integer("gateway.ws.max-message-bytes", 64 * 1024, 256 * MIB);
        // An upload one byte over the limit must still reach the gateway so it can answer
        // ERROR:too-large instead of Vert.x closing the socket on an oversized frame.
        wsMaxMessageBytes = Math.max(configuredMessage, base64Length(uploadMaxBytes + 1) + 1024);
    }

    public static GatewaySettings load(CamelContext context) {
        return new GatewaySettings(context.getPropertiesComponent());
    }

    static int base64Length(long bytes) {
        return (int) Math.min(Integer.MAX_VALUE, ((bytes + 2) / 3) * 4);
    }

    public String text(String name) {
        Optional<String> value = properties.resolveProperty(name);
        if (value.isEmpty()) {
            throw new SettingsException(name, "", "is not set (see application.properties)");
        }
        return value.get().trim();
    }

    public String textOrEmpty(String name) {
        return properties.resolveProperty(name).map(String::trim).orElse("");
    }

    public int integer(String name, int min, int max) {
        String raw = text(name);
        return parse(name, raw, Integer::parseInt, min, max);
    }

    public boolean bool(String name) {
        String raw = text(name);
        if (raw.equalsIgnoreCase("true")) {
            return true;
        }
        if (raw.equalsIgnoreCase("false")) {
            return false;
        }
        throw new SettingsException(name, raw, "must be true or false");
    }

    private static int parse(String name, String raw, Function<String, Integer> parser, int min, int max) {
        int value;
        try {
            value = parser.apply(raw);
        } catch (NumberFormatException e) {
            throw new SettingsException(name, raw, "is not a whole number");
        }
        if (value < min || value > max) {
            throw new SettingsException(name, raw, "must be between " + min + " and " + max);
        }
        return value;
    }

    public String wsHost() {
        return wsHost;
    }

    public int wsPort() {
        return wsPort;
    }

    public String wsPath() {
        return wsPath;
    }

    public int wsMaxMessageBytes() {
        return wsMaxMessageBytes;
    }

    public int wsWorkerThreads() {
        return wsWorkerThreads;
    }

    public int wsMaxQueuedMessages() {
        return wsMaxQueuedMessages;
    }

    public int wsMaxSessions() {
        return wsMaxSessions;
    }

    public Path uploadDir() {
        return uploadDir;
    }

    public int uploadMaxBytes() {
        return uploadMaxBytes;
    }
}
