package org.sipgateway.access;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

import org.sipgateway.config.SettingsException;

/**
 * Which web pages may open a WebSocket here (a browser always sends Origin; other clients usually
 * do not, and are not affected). {@code gateway.ws.allowed-origins} lists exact origins
 * ({@code https://console.example.com}) or is {@code *}; empty means only pages whose host is the
 * host the client connected to (the Host header), so a page elsewhere cannot drive a gateway on
 * the visitor's machine or LAN.
 */
public final class OriginPolicy {

    public static final String SETTING = "gateway.ws.allowed-origins";

    private final boolean any;
    private final Set<String> allowed;

    private OriginPolicy(boolean any, Set<String> allowed) {
        this.any = any;
        this.allowed = Set.copyOf(allowed);
    }

    public static OriginPolicy parse(String value) {
        String trimmed = value.trim();
        if (trimmed.equals("*")) {
            return new OriginPolicy(true, Set.of());
        }
        Set<String> allowed = new LinkedHashSet<>();
        for (String raw : trimmed.split(",")) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            String normal = normalise(entry);
            if (normal == null) {
                throw new SettingsException(SETTING, value, "'" + entry
                        + "' is not an origin: expected scheme://host[:port] with no path, or * alone");
            }
            allowed.add(normal);
        }
        return new OriginPolicy(false, allowed);
    }

    /** True when the handshake may go on: no Origin, or an allowed one. */
    public boolean allows(String origin, String hostHeader) {
        if (origin == null || any) {
            return true;
        }
        String normal = normalise(origin.trim());
        if (normal == null) {
            return false;
        }
        if (!allowed.isEmpty()) {
            return allowed.contains(normal);
        }
        String originHost = URI.create(normal).getHost();
        String requestHost = hostOf(hostHeader);
        return requestHost != null && unbracket(originHost).equalsIgnoreCase(unbracket(requestHost));
    }

    /** {@code scheme://host[:port]} in lower case, or null when the text is not such an origin ("null" included). */
    static String normalise(String origin) {
        try {
            URI uri = new URI(origin);
            if (uri.getScheme() == null || uri.getHost() == null || uri.getRawUserInfo() != null
                    || (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/"))
                    || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                return null;
            }
            String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
            return (uri.getScheme() + "://" + uri.getHost() + port).toLowerCase(Locale.ROOT);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** The host part of a Host header value ({@code example.com:8080}, {@code [::1]:8080}). */
    static String hostOf(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return null;
        }
        String value = hostHeader.trim();
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            return close < 0 ? null : value.substring(0, close + 1);
        }
        int colon = value.indexOf(':');
        return colon < 0 ? value : value.substring(0, colon);
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    @Override
    public String toString() {
        return any ? "*" : allowed.isEmpty() ? "(same host only)" : String.join(",", allowed);
    }
}
