package org.sipgateway.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The default of every {@code gateway.*} setting. They are registered as Camel's initial
 * properties, the lowest precedence: application.properties, {@code -D} and the environment all
 * override them, and an application.properties holding only some settings still runs.
 * application.properties repeats these values for the operator's benefit; a test keeps the two equal.
 */
public final class GatewayDefaults {

    private static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

    static {
        DEFAULTS.put("gateway.ws.host", "0.0.0.0");
        DEFAULTS.put("gateway.ws.port", "8080");
        DEFAULTS.put("gateway.ws.path", "/");
        DEFAULTS.put("gateway.ws.max-message-bytes", "2097152");
        DEFAULTS.put("gateway.ws.worker-threads", "16");
        DEFAULTS.put("gateway.ws.max-queued-messages", "1000");
        DEFAULTS.put("gateway.ws.binary-frames-through-routes", "false");
        DEFAULTS.put("gateway.ws.max-sessions", "1000");
        DEFAULTS.put("gateway.ws.trusted-networks", "127.0.0.0/8,::1/128");
        DEFAULTS.put("gateway.ws.auth-tokens-file", "");
        DEFAULTS.put("gateway.ws.allowed-origins", "");
        DEFAULTS.put("gateway.ws.watchers", "");
        DEFAULTS.put("gateway.ws.max-sessions-per-address", "20");
        DEFAULTS.put("gateway.ws.max-outbound-messages", "1000");
        DEFAULTS.put("gateway.ws.handshake-timeout", "10");
        DEFAULTS.put("gateway.ws.idle-timeout", "300");
        DEFAULTS.put("gateway.ws.tls.cert-file", "");
        DEFAULTS.put("gateway.ws.tls.key-file", "");
        DEFAULTS.put("gateway.upload.dir", "uploaded_wavs");
        DEFAULTS.put("gateway.upload.max-bytes", "1048576");
        DEFAULTS.put("gateway.upload.max-total-bytes", "1073741824");
        DEFAULTS.put("gateway.upload.max-bytes-per-client", "104857600");
        DEFAULTS.put("gateway.sip.server", "");
        DEFAULTS.put("gateway.sip.transport", "udp");
        DEFAULTS.put("gateway.sip.bind-host", "0.0.0.0");
        DEFAULTS.put("gateway.sip.port", "5060");
        DEFAULTS.put("gateway.sip.advertised-host", "auto");
        DEFAULTS.put("gateway.sip.username", "");
        DEFAULTS.put("gateway.sip.password", "");
        DEFAULTS.put("gateway.sip.caller", "gateway");
        DEFAULTS.put("gateway.sip.register", "false");
        DEFAULTS.put("gateway.sip.register-expires", "3600");
        DEFAULTS.put("gateway.sip.tls.trust-file", "");
        DEFAULTS.put("gateway.sip.tcp.max-connections", "64");
        DEFAULTS.put("gateway.sip.tcp.idle-timeout", "120");
        DEFAULTS.put("gateway.testline.port", "0");
        DEFAULTS.put("gateway.call.ring-timeout", "60");
        DEFAULTS.put("gateway.call.max-duration", "3600");
        DEFAULTS.put("gateway.call.offer-timeout", "30");
        DEFAULTS.put("gateway.call.follow-redirects", "true");
        DEFAULTS.put("gateway.inbound.unclaimed", "direct:inbound-reject");
        DEFAULTS.put("gateway.inbound.voicemail-greeting", "greeting.wav");
        DEFAULTS.put("gateway.inbound.voicemail-seconds", "60");
        DEFAULTS.put("gateway.call.allowed-targets", "[0-9*#+]{1,32}|sips?:.+");
        DEFAULTS.put("gateway.call.max-concurrent", "200");
        DEFAULTS.put("gateway.call.max-concurrent-per-client", "10");
        DEFAULTS.put("gateway.call.max-per-minute-per-client", "60");
        DEFAULTS.put("gateway.rtp.port-min", "32000");
        DEFAULTS.put("gateway.rtp.port-max", "32999");
        DEFAULTS.put("gateway.rtp.silence-when-idle", "true");
        DEFAULTS.put("gateway.media.max-queued-ms", "20000");
        DEFAULTS.put("gateway.media.xoff-ms", "18000");
        DEFAULTS.put("gateway.media.xon-ms", "16000");
        DEFAULTS.put("gateway.rtp.receive-threads", "2");
        DEFAULTS.put("gateway.rtp.precise-pacing-calls", "4");
        DEFAULTS.put("gateway.rtp.clock-slice-us", "100");
        DEFAULTS.put("gateway.recording.dir", "recordings");
        DEFAULTS.put("gateway.recording.legs", "both");
        DEFAULTS.put("gateway.recording.force", "filesystem");
        DEFAULTS.put("gateway.recording.min-free-mb", "100");
        DEFAULTS.put("gateway.http.host", "0.0.0.0");
        DEFAULTS.put("gateway.http.port", "8081");
        DEFAULTS.put("gateway.requests.uri", "seda:call-requests");
        DEFAULTS.put("gateway.events.uri", "log:org.sipgateway.events?level=DEBUG&showExchangePattern=false&showBodyType=false");
        DEFAULTS.put("gateway.events.queue-size", "10000");
        DEFAULTS.put("gateway.events.retries", "2");
    }

    /** Where the YAML routes are read from unless camel.main.routes-include-pattern says otherwise. */
    public static final String ROUTES = "file:routes/*.camel.yaml";

    private GatewayDefaults() {
    }

    public static Map<String, String> all() {
        return Map.copyOf(DEFAULTS);
    }

    public static Properties asProperties() {
        Properties properties = new Properties();
        properties.putAll(DEFAULTS);
        return properties;
    }
}
