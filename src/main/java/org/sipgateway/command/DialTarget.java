package org.sipgateway.command;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A validated call target: a dial string or a SIP URI. Validation happens before any SIP is
 * built, and is strict enough that nothing from a client can end up as a header, a parameter
 * of another header, or a second line of a SIP message.
 */
public record DialTarget(Kind kind, String value) {

    public enum Kind { DIAL_STRING, URI }

    public static final int MAX_DIAL_LENGTH = 32;
    public static final int MAX_URI_LENGTH = 256;

    private static final Pattern DIAL_STRING = Pattern.compile("[0-9*#+]{1," + MAX_DIAL_LENGTH + "}");

    /**
     * RFC 3261 §19.1.1 SIP-URI without the headers part (which §19.1.1 forbids in a Request-URI):
     * scheme, optional userinfo, host (name, IPv4 or bracketed IPv6), optional port, parameters.
     * Quotes, angle brackets, spaces and CR/LF are outside every character class.
     */
    private static final Pattern SIP_URI = Pattern.compile(
            "(sips?):"
                    + "(?:([A-Za-z0-9\\-_.!~*()&=+$,;/%]+)(?::([A-Za-z0-9\\-_.!~*()&=+$,%]*))?@)?"
                    + "([A-Za-z0-9](?:[A-Za-z0-9\\-.]*[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]+\\])"
                    + "(?::([0-9]{1,5}))?"
                    + "((?:;[A-Za-z0-9\\-_.!~*()%]+(?:=[A-Za-z0-9\\-_.!~*()%\\[\\]:]+)?)*)");

    private static final String ALLOWED_PARAMETER = "user=phone";

    private static final Pattern BAD_ESCAPE = Pattern.compile("%(?![0-9A-Fa-f]{2})");

    public static DialTarget parse(String raw) throws GatewayException {
        if (raw == null || raw.isEmpty()) {
            throw new GatewayException(ErrorCode.BAD_TARGET, "target is empty");
        }
        String lower = raw.toLowerCase(Locale.ROOT);
        if (lower.startsWith("sip:") || lower.startsWith("sips:")) {
            return parseUri(raw);
        }
        if (raw.length() > MAX_DIAL_LENGTH) {
            throw new GatewayException(ErrorCode.BAD_TARGET,
                    "dial string is " + raw.length() + " characters, at most " + MAX_DIAL_LENGTH);
        }
        if (!DIAL_STRING.matcher(raw).matches()) {
            throw new GatewayException(ErrorCode.BAD_TARGET,
                    "dial string may only hold 0-9 * # + (or give a sip:/sips: URI)");
        }
        return new DialTarget(Kind.DIAL_STRING, raw);
    }

    private static DialTarget parseUri(String raw) throws GatewayException {
        if (raw.length() > MAX_URI_LENGTH) {
            throw new GatewayException(ErrorCode.BAD_TARGET,
                    "URI is " + raw.length() + " characters, at most " + MAX_URI_LENGTH);
        }
        String normalized = raw.substring(0, raw.indexOf(':')).toLowerCase(Locale.ROOT) + raw.substring(raw.indexOf(':'));
        Matcher m = SIP_URI.matcher(normalized);
        if (!m.matches() || BAD_ESCAPE.matcher(normalized).find()) {
            throw new GatewayException(ErrorCode.BAD_TARGET,
                    "not a valid sip:/sips: URI (expected sip:user@host[:port][;params], no headers, quotes, spaces or brackets)");
        }
        if (m.group(5) != null) {
            int port = Integer.parseInt(m.group(5));
            if (port < 1 || port > 65535) {
                throw new GatewayException(ErrorCode.BAD_TARGET, "URI port " + port + " is outside 1-65535");
            }
        }
        refuseParameters(m.group(6));
        return new DialTarget(Kind.URI, normalized);
    }

    /**
     * PROTOCOL.md §7: only {@code user=phone} may ride on a target URI. {@code maddr},
     * {@code transport}, {@code lr} and the like would let a client choose where (and how) the
     * gateway's requests go, instead of gateway.sip.server.
     */
    private static void refuseParameters(String parameters) throws GatewayException {
        if (parameters == null || parameters.isEmpty()) {
            return;
        }
        for (String parameter : parameters.substring(1).split(";", -1)) {
            if (!parameter.equalsIgnoreCase(ALLOWED_PARAMETER)) {
                int equals = parameter.indexOf('=');
                String name = equals < 0 ? parameter : parameter.substring(0, equals);
                throw new GatewayException(ErrorCode.BAD_TARGET, "URI parameter '" + CommandText.printable(name, 32)
                        + "' is not allowed (only user=phone; requests always go to gateway.sip.server)");
            }
        }
    }

    /**
     * The Request-URI to dial: the URI as given, or {@code sip:<digits>@<server>} for a dial
     * string, with '#' escaped as %23 (RFC 3261 §25.1 does not allow it in the user part).
     */
    public String requestUri(String sipServerHostPort) {
        return kind == Kind.URI ? value : "sip:" + value.replace("#", "%23") + "@" + sipServerHostPort;
    }
}
