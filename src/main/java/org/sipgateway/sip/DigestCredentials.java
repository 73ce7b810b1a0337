package org.sipgateway.sip;

import java.util.Objects;

/**
 * The answer to a {@link DigestChallenge}, ready to be sent as an {@code Authorization} or
 * {@code Proxy-Authorization} header value (RFC 2617 §3.2.2, RFC 3261 §22.4).
 *
 * @param username   user name
 * @param realm      realm from the challenge
 * @param nonce      nonce from the challenge
 * @param uri        digest-uri, the Request-URI of the request being authorized
 * @param response   32 lower-case hex digits
 * @param algorithm  {@code "MD5"}
 * @param opaque     opaque from the challenge, or {@code null}
 * @param qop        {@code "auth"}, or {@code null} when the challenge offered no qop
 * @param cnonce     client nonce, or {@code null} without qop
 * @param nonceCount how many requests used this nonce, including this one; 0 without qop
 */
public record DigestCredentials(String username, String realm, String nonce, String uri, String response,
                                String algorithm, String opaque, String qop, String cnonce, int nonceCount) {

    public DigestCredentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(response, "response");
        Objects.requireNonNull(algorithm, "algorithm");
        if (qop != null && (cnonce == null || nonceCount < 1)) {
            throw new IllegalArgumentException("qop needs a cnonce and a nonce count of at least 1");
        }
        requireQuotable("username", username);
        requireQuotable("realm", realm);
        requireQuotable("nonce", nonce);
        requireQuotable("uri", uri);
        requireQuotable("response", response);
        requireToken("algorithm", algorithm);
        if (opaque != null) {
            requireQuotable("opaque", opaque);
        }
        if (qop != null) {
            requireToken("qop", qop);
            requireQuotable("cnonce", cnonce);
        }
    }

    /** The nonce count as the 8 lower-case hex digits RFC 2617 §3.2.2 requires. */
    public String nc() {
        return String.format("%08x", nonceCount);
    }

    /**
     * {@code Digest username="..", realm="..", nonce="..", uri="..", response="..", algorithm=MD5}
     * followed by {@code qop, nc, cnonce} when qop is used and {@code opaque} when present.
     */
    public String headerValue() {
        StringBuilder value = new StringBuilder(256).append("Digest ");
        quoted(value, "username", username).append(", ");
        quoted(value, "realm", realm).append(", ");
        quoted(value, "nonce", nonce).append(", ");
        quoted(value, "uri", uri).append(", ");
        quoted(value, "response", response).append(", ");
        value.append("algorithm=").append(algorithm);
        if (qop != null) {
            value.append(", qop=").append(qop).append(", nc=").append(nc()).append(", ");
            quoted(value, "cnonce", cnonce);
        }
        if (opaque != null) {
            value.append(", ");
            quoted(value, "opaque", opaque);
        }
        return value.toString();
    }

    /**
     * Why {@code value} cannot be placed inside a quoted-string, or {@code null} if it can.
     * Line breaks would end the header and a double quote would end the string early; other
     * control characters are not allowed in qdtext (RFC 3261 §25.1). A backslash is allowed
     * because {@link #headerValue()} escapes it as a quoted-pair.
     */
    static String unquotableReason(String value) {
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch == '\r' || ch == '\n') {
                return "contains a line break";
            }
            if (ch == '"') {
                return "contains a double quote";
            }
            if ((ch < ' ' && ch != '\t') || ch == 0x7f) {
                return "contains control character 0x" + Integer.toHexString(ch);
            }
        }
        return null;
    }

    private static void requireQuotable(String name, String value) {
        String reason = unquotableReason(value);
        if (reason != null) {
            throw new IllegalArgumentException(name + " " + reason);
        }
    }

    private static void requireToken(String name, String value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        for (int i = 0; i < value.length(); i++) {
            if (!DigestParams.isTokenChar(value.charAt(i))) {
                throw new IllegalArgumentException(name + " is not a token: " + value);
            }
        }
    }

    private static StringBuilder quoted(StringBuilder out, String name, String value) {
        out.append(name).append("=\"");
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch == '\\') {
                out.append('\\');
            }
            out.append(ch);
        }
        return out.append('"');
    }
}
