package org.sipgateway.config;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

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
    private final boolean wsBinaryFramesThroughRoutes;
    private final int wsMaxSessions;
    private final Path uploadDir;
    private final int uploadMaxBytes;
    private final String sipServer;
    private final String sipTransport;
    private final String sipBindHost;
    private final int sipPort;
    private final String sipAdvertisedHost;
    private final String sipUsername;
    private final String sipPassword;
    private final String sipCaller;
    private final boolean sipRegister;
    private final int sipRegisterExpires;
    private final int rtpPortMin;
    private final int rtpPortMax;
    private final Path recordingDir;
    private final boolean recordingGroupForce;
    private final boolean recordingBothLegs;
    private final int eventsQueueSize;
    private final long recordingMinFreeBytes;
    private final boolean rtpSilenceWhenIdle;
    private final int mediaMaxQueuedMillis;
    private final int mediaXoffMillis;
    private final int mediaXonMillis;
    private final int rtpReceiveThreads;
    private final int rtpPrecisePacingCalls;
    private final int rtpClockSliceMicros;
    private final int ringTimeoutSeconds;
    private final int maxDurationSeconds;
    private final int offerTimeoutSeconds;
    private final boolean followRedirects;
    private final int testLinePort;
    private final String wsTrustedNetworks;
    private final String wsAuthTokensFile;
    private final String wsAllowedOrigins;
    private final java.util.Set<String> wsWatchers;
    private final int wsMaxSessionsPerAddress;
    private final int wsMaxOutboundMessages;
    private final int wsHandshakeTimeoutSeconds;
    private final int wsIdleTimeoutSeconds;
    private final String wsTlsCertFile;
    private final String wsTlsKeyFile;
    private final long uploadMaxTotalBytes;
    private final long uploadMaxBytesPerClient;
    private final String sipTlsTrustFile;
    private final int sipTcpMaxConnections;
    private final int sipTcpIdleTimeout;
    private final Pattern callAllowedTargets;
    private final int callMaxConcurrent;
    private final int callMaxConcurrentPerClient;
    private final int callMaxPerMinutePerClient;

    /** RFC 3261 §25.1 user part characters, minus the ones that need quoting anywhere. */
    private static final Pattern SIP_USER = Pattern.compile("[A-Za-z0-9._~+\\-]{1,64}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\-]{1,253}|\\[[0-9A-Fa-f:.]+\\]|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*");

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
        wsBinaryFramesThroughRoutes = bool("gateway.ws.binary-frames-through-routes");
        wsMaxSessions = integer("gateway.ws.max-sessions", 1, 1_000_000);
        int configuredMessage = integer("gateway.ws.max-message-bytes", 64 * 1024, 256 * MIB);
        // An upload one byte over the limit must still reach the gateway so it can answer
        // ERROR:too-large instead of Vert.x closing the socket on an oversized frame.
        wsMaxMessageBytes = Math.max(configuredMessage, base64Length(uploadMaxBytes + 1) + 1024);

        sipServer = textOrEmpty("gateway.sip.server");
        sipTransport = textOrEmpty("gateway.sip.transport").toLowerCase(Locale.ROOT);
        if (!sipTransport.equals("udp") && !sipTransport.equals("tcp") && !sipTransport.equals("tls")) {
            throw new SettingsException("gateway.sip.transport", sipTransport, "must be udp, tcp or tls");
        }
        if (!sipServer.isEmpty()) {
            parseHostPort("gateway.sip.server", sipServer, defaultSipPort(sipTransport));
        } else if (sipTransport.equals("tls")) {
            // The built-in test line speaks UDP and TCP only; falling back to them would send in clear.
            throw new SettingsException("gateway.sip.transport", sipTransport,
                    "tls needs gateway.sip.server (the built-in test line has no TLS)");
        }
        sipBindHost = host("gateway.sip.bind-host");
        sipPort = integer("gateway.sip.port", 1, 65535);
        String advertised = textOrEmpty("gateway.sip.advertised-host");
        sipAdvertisedHost = advertised.isEmpty() || advertised.equalsIgnoreCase("auto") ? "" : host("gateway.sip.advertised-host");
        sipUsername = textOrEmpty("gateway.sip.username");
        if (!sipUsername.isEmpty() && !SIP_USER.matcher(sipUsername).matches()) {
            throw new SettingsException("gateway.sip.username", sipUsername, "may only hold A-Z a-z 0-9 . _ ~ + - (1-64)");
        }
        sipPassword = textOrEmpty("gateway.sip.password");
        if (sipPassword.chars().anyMatch(c -> c < 0x20 || c == '"')) {
            throw new SettingsException("gateway.sip.password", "(hidden)", "must not hold control characters or quotes");
        }
        sipCaller = text("gateway.sip.caller");
        if (!SIP_USER.matcher(sipCaller).matches()) {
            throw new SettingsException("gateway.sip.caller", sipCaller, "may only hold A-Z a-z 0-9 . _ ~ + - (1-64)");
        }
        sipRegister = bool("gateway.sip.register");
        sipRegisterExpires = integer("gateway.sip.register-expires", 1, 86400);
        if (sipRegister && sipServer.isEmpty()) {
            throw new SettingsException("gateway.sip.register", "true", "needs gateway.sip.server (the test line is no registrar)");
        }
        rtpPortMin = integer("gateway.rtp.port-min", 1024, 65534);
        rtpPortMax = integer("gateway.rtp.port-max", 1025, 65535);
        if (rtpPortMin % 2 != 0 || rtpPortMax <= rtpPortMin) {
            throw new SettingsException("gateway.rtp.port-min", rtpPortMin + "-" + rtpPortMax,
                    "the range must start on an even port and hold at least one pair");
        }
        recordingDir = Path.of(text("gateway.recording.dir"));
        String legs = text("gateway.recording.legs").toLowerCase(Locale.ROOT);
        if (!legs.equals("both") && !legs.equals("far-end")) {
            throw new SettingsException("gateway.recording.legs", legs,
                    "must be both (stereo: the far end left, the gateway right) or far-end (mono)");
        }
        recordingBothLegs = legs.equals("both");
        String force = text("gateway.recording.force").toLowerCase(Locale.ROOT);
        if (!force.equals("filesystem") && !force.equals("file")) {
            throw new SettingsException("gateway.recording.force", force,
                    "must be filesystem (one syncfs for all recordings per checkpoint) or file (one fdatasync per recording)");
        }
        recordingGroupForce = force.equals("filesystem");
        eventsQueueSize = integer("gateway.events.queue-size", 1, 1_000_000);
        recordingMinFreeBytes = integer("gateway.recording.min-free-mb", 0, 10_000_000) * 1024L * 1024L;
        integer("gateway.http.port", 1, 65535);
        integer("gateway.events.retries", 0, 100);
        if (text("gateway.events.uri").isBlank()) {
            throw new SettingsException("gateway.events.uri", "", "must name a Camel endpoint (the default logs events at DEBUG)");
        }
        rtpSilenceWhenIdle = bool("gateway.rtp.silence-when-idle");
        mediaMaxQueuedMillis = integer("gateway.media.max-queued-ms", 20, 600_000);
        mediaXoffMillis = integer("gateway.media.xoff-ms", 20, 600_000);
        mediaXonMillis = integer("gateway.media.xon-ms", 0, 600_000);
        if (mediaXoffMillis > mediaMaxQueuedMillis) {
            throw new SettingsException("gateway.media.xoff-ms", Integer.toString(mediaXoffMillis),
                    "must not be above gateway.media.max-queued-ms (" + mediaMaxQueuedMillis + ")");
        }
        if (mediaXonMillis >= mediaXoffMillis) {
            throw new SettingsException("gateway.media.xon-ms", Integer.toString(mediaXonMillis),
                    "must be below gateway.media.xoff-ms (" + mediaXoffMillis + ")");
        }
        rtpReceiveThreads = integer("gateway.rtp.receive-threads", 1, 64);
        rtpPrecisePacingCalls = integer("gateway.rtp.precise-pacing-calls", 0, 1000);
        rtpClockSliceMicros = integer("gateway.rtp.clock-slice-us", 0, 100_000);
        if (rtpClockSliceMicros != 0 && rtpClockSliceMicros < 100) {
            throw new SettingsException("gateway.rtp.clock-slice-us", Integer.toString(rtpClockSliceMicros),
                    "must be 0 (the kernel's default) or between 100 and 100000");
        }
        ringTimeoutSeconds = integer("gateway.call.ring-timeout", 1, 3600);
        maxDurationSeconds = integer("gateway.call.max-duration", 0, 7 * 86400);
        offerTimeoutSeconds = integer("gateway.call.offer-timeout", 1, 3600);
        followRedirects = bool("gateway.call.follow-redirects");
        integer("gateway.inbound.voicemail-seconds", 1, 3600);
        testLinePort = integer("gateway.testline.port", 0, 65535);

        wsTrustedNetworks = textOrEmpty("gateway.ws.trusted-networks");
        wsAuthTokensFile = textOrEmpty("gateway.ws.auth-tokens-file");
        wsAllowedOrigins = textOrEmpty("gateway.ws.allowed-origins");
        wsWatchers = java.util.Arrays.stream(textOrEmpty("gateway.ws.watchers").split(","))
                .map(String::trim).filter(name -> !name.isEmpty()).collect(java.util.stream.Collectors.toUnmodifiableSet());
        wsMaxSessionsPerAddress = integer("gateway.ws.max-sessions-per-address", 1, 1_000_000);
        wsMaxOutboundMessages = integer("gateway.ws.max-outbound-messages", 16, 1_000_000);
        wsHandshakeTimeoutSeconds = integer("gateway.ws.handshake-timeout", 1, 3600);
        wsIdleTimeoutSeconds = integer("gateway.ws.idle-timeout", 0, 7 * 86400);
        wsTlsCertFile = textOrEmpty("gateway.ws.tls.cert-file");
        wsTlsKeyFile = textOrEmpty("gateway.ws.tls.key-file");
        if (wsTlsCertFile.isEmpty() != wsTlsKeyFile.isEmpty()) {
            throw new SettingsException(wsTlsCertFile.isEmpty() ? "gateway.ws.tls.cert-file" : "gateway.ws.tls.key-file", "",
                    "wss needs both gateway.ws.tls.cert-file and gateway.ws.tls.key-file");
        }
        uploadMaxTotalBytes = longInteger("gateway.upload.max-total-bytes", 1, Long.MAX_VALUE);
        uploadMaxBytesPerClient = longInteger("gateway.upload.max-bytes-per-client", 1, Long.MAX_VALUE);
        sipTlsTrustFile = textOrEmpty("gateway.sip.tls.trust-file");
        sipTcpMaxConnections = integer("gateway.sip.tcp.max-connections", 1, 100_000);
        sipTcpIdleTimeout = integer("gateway.sip.tcp.idle-timeout", 0, 86_400);
        String targets = text("gateway.call.allowed-targets");
        try {
            callAllowedTargets = Pattern.compile(targets);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new SettingsException("gateway.call.allowed-targets", targets,
                    "is not a valid regular expression: " + e.getDescription());
        }
        callMaxConcurrent = integer("gateway.call.max-concurrent", 1, 1_000_000);
        callMaxConcurrentPerClient = integer("gateway.call.max-concurrent-per-client", 1, 1_000_000);
        callMaxPerMinutePerClient = integer("gateway.call.max-per-minute-per-client", 1, 1_000_000);
    }

    /** {@code host[:port]} with an optional bracketed IPv6 host; the port defaults to 5060. */
    public static String[] parseHostPort(String name, String value) {
        return parseHostPort(name, value, 5060);
    }

    /** The SIP server's port when {@code gateway.sip.server} names none: 5061 for TLS (RFC 3261 §19.1.2), else 5060. */
    public static int defaultSipPort(String transport) {
        return "tls".equals(transport) ? 5061 : 5060;
    }

    /** {@code host[:port]} with an optional bracketed IPv6 host and the given default port. */
    public static String[] parseHostPort(String name, String value, int defaultPort) {
        String host;
        String port = Integer.toString(defaultPort);
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close < 0) {
                throw new SettingsException(name, value, "IPv6 address is missing its ']'");
            }
            host = value.substring(1, close);
            if (value.length() > close + 1) {
                if (value.charAt(close + 1) != ':') {
                    throw new SettingsException(name, value, "expected host[:port]");
                }
                port = value.substring(close + 2);
            }
        } else {
            int colon = value.lastIndexOf(':');
            host = colon < 0 ? value : value.substring(0, colon);
            if (colon >= 0) {
                port = value.substring(colon + 1);
            }
        }
        if (host.isEmpty() || !HOST.matcher(host).matches()) {
            throw new SettingsException(name, value, "expected host[:port]");
        }
        parse(name, port, Integer::parseInt, 1, 65535);
        return new String[] {host, port};
    }

    private String host(String name) {
        String value = text(name);
        if (!HOST.matcher(value).matches()) {
            throw new SettingsException(name, value, "is not a host name or IP address");
        }
        return value;
    }

    /**
     * The address to put in Via, Contact and SDP: the setting if given, else the bind address if it
     * is a specific one, else the local address the operating system would use to reach the server.
     */
    public String advertisedHostFor(String serverHost, int serverPort) {
        if (!sipAdvertisedHost.isEmpty()) {
            return sipAdvertisedHost;
        }
        try {
            InetAddress bind = InetAddress.getByName(sipBindHost);
            if (!bind.isAnyLocalAddress()) {
                return bind.getHostAddress();
            }
            try (DatagramSocket probe = new DatagramSocket()) {
                probe.connect(new InetSocketAddress(serverHost, serverPort));
                InetAddress local = probe.getLocalAddress();
                if (local != null && !local.isAnyLocalAddress()) {
                    return local.getHostAddress();
                }
            }
            return InetAddress.getLocalHost().getHostAddress();
        } catch (UnknownHostException e) {
            throw new SettingsException("gateway.sip.server", serverHost, "cannot be resolved: " + e.getMessage());
        } catch (java.io.IOException e) {
            throw new SettingsException("gateway.sip.advertised-host", "auto",
                    "cannot find a local address towards " + serverHost + ": " + e.getMessage() + "; set it explicitly");
        }
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

    public long longInteger(String name, long min, long max) {
        String raw = text(name);
        long value;
        try {
            value = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new SettingsException(name, raw, "is not a whole number");
        }
        if (value < min || value > max) {
            throw new SettingsException(name, raw, "must be between " + min + " and " + max);
        }
        return value;
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

    /** False (the default): a streaming client's frames skip the routes (StreamIngress). */
    public boolean wsBinaryFastPath() {
        return !wsBinaryFramesThroughRoutes;
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

    /** Empty when calls go to the built-in test line. */
    public String sipServer() {
        return sipServer;
    }

    public String sipTransport() {
        return sipTransport;
    }

    public String sipBindHost() {
        return sipBindHost;
    }

    public int sipPort() {
        return sipPort;
    }

    public String sipUsername() {
        return sipUsername;
    }

    /** Never log this. */
    public String sipPassword() {
        return sipPassword;
    }

    public String sipCaller() {
        return sipCaller;
    }

    public boolean sipRegister() {
        return sipRegister;
    }

    public int sipRegisterExpires() {
        return sipRegisterExpires;
    }

    public int rtpPortMin() {
        return rtpPortMin;
    }

    public int rtpPortMax() {
        return rtpPortMax;
    }

    public Path recordingDir() {
        return recordingDir;
    }

    /** Readiness goes down when the recordings disk has less free space than this. */
    public long recordingMinFreeBytes() {
        return recordingMinFreeBytes;
    }

    /** Call events the bus route may have waiting before new ones are dropped. */
    public int eventsQueueSize() {
        return eventsQueueSize;
    }

    /** gateway.recording.force=filesystem: one syncfs of the recordings' filesystem per checkpoint; file: each file's own. */
    public boolean recordingGroupForce() {
        return recordingGroupForce;
    }

    /** gateway.recording.legs=both: stereo recordings of both directions; far-end: mono, the far end alone. */
    public boolean recordingBothLegs() {
        return recordingBothLegs;
    }

    /** Most of a client's own audio (binary frames) a call's outbound queue holds. */
    public int mediaMaxQueuedMillis() {
        return mediaMaxQueuedMillis;
    }

    /** MEDIA_XOFF above this much queued client audio. */
    public int mediaXoffMillis() {
        return mediaXoffMillis;
    }

    /** MEDIA_XON back below this much. */
    public int mediaXonMillis() {
        return mediaXonMillis;
    }

    public boolean rtpSilenceWhenIdle() {
        return rtpSilenceWhenIdle;
    }

    public int rtpReceiveThreads() {
        return rtpReceiveThreads;
    }

    /** A phase of an event loop's 20 ms clock with at most this many calls sends at the exact deadline; 0: never. */
    public int rtpPrecisePacingCalls() {
        return rtpPrecisePacingCalls;
    }

    /** The time slice, in microseconds, the media clocks' threads ask of the kernel; 0: its default. */
    public int rtpClockSliceMicros() {
        return rtpClockSliceMicros;
    }

    public int ringTimeoutSeconds() {
        return ringTimeoutSeconds;
    }

    public int maxDurationSeconds() {
        return maxDurationSeconds;
    }

    /** PROTOCOL.md §9: follow a 3xx once, to a Contact the dial plan allows. */
    public boolean followRedirects() {
        return followRedirects;
    }

    /** PROTOCOL.md §9: how long an inbound call waits for a session's ANSWER before 480. */
    public int offerTimeoutSeconds() {
        return offerTimeoutSeconds;
    }

    public int testLinePort() {
        return testLinePort;
    }

    /** Comma-separated CIDR list, unparsed; empty means every client needs a token. */
    public String wsTrustedNetworks() {
        return wsTrustedNetworks;
    }

    /** Empty when no tokens are configured. */
    public String wsAuthTokensFile() {
        return wsAuthTokensFile;
    }

    /** Comma-separated origins or {@code *}, unparsed; empty means same host only. */
    public String wsAllowedOrigins() {
        return wsAllowedOrigins;
    }

    /** PROTOCOL.md §9: token names allowed to WATCH another session's call (trusted clients without a token always may). */
    public java.util.Set<String> wsWatchers() {
        return wsWatchers;
    }

    public int wsMaxSessionsPerAddress() {
        return wsMaxSessionsPerAddress;
    }

    public int wsMaxOutboundMessages() {
        return wsMaxOutboundMessages;
    }

    public int wsHandshakeTimeoutSeconds() {
        return wsHandshakeTimeoutSeconds;
    }

    /** 0 means sessions never time out. */
    public int wsIdleTimeoutSeconds() {
        return wsIdleTimeoutSeconds;
    }

    /** Empty unless wss is configured (then the key file is set too). */
    public String wsTlsCertFile() {
        return wsTlsCertFile;
    }

    public String wsTlsKeyFile() {
        return wsTlsKeyFile;
    }

    public long uploadMaxTotalBytes() {
        return uploadMaxTotalBytes;
    }

    public long uploadMaxBytesPerClient() {
        return uploadMaxBytesPerClient;
    }

    /** Empty means the JVM's default trust store. */
    public String sipTlsTrustFile() {
        return sipTlsTrustFile;
    }

    public int sipTcpMaxConnections() {
        return sipTcpMaxConnections;
    }

    /** Seconds; 0 keeps idle connections open. */
    public int sipTcpIdleTimeout() {
        return sipTcpIdleTimeout;
    }

    public Pattern callAllowedTargets() {
        return callAllowedTargets;
    }

    public int callMaxConcurrent() {
        return callMaxConcurrent;
    }

    public int callMaxConcurrentPerClient() {
        return callMaxConcurrentPerClient;
    }

    public int callMaxPerMinutePerClient() {
        return callMaxPerMinutePerClient;
    }
}
