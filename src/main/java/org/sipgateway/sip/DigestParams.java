package org.sipgateway.sip;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Splits a Digest credentials or challenge value into its parameters, following the auth-param
 * grammar of RFC 3261 §25.1 and RFC 7235 §2.1 ({@code name = token / quoted-string}, separated by
 * commas with optional whitespace). Shared by challenge parsing and by tests of the header we emit.
 */
final class DigestParams {

    private final String text;
    private int pos;

    private DigestParams(String text) {
        this.text = text;
    }

    /**
     * Parameters by lower-cased name, values with quotes removed and quoted-pairs resolved.
     *
     * @throws DigestException if the scheme is not Digest or the parameter list is malformed
     */
    static Map<String, String> parse(String headerValue) throws DigestException {
        if (headerValue == null) {
            throw new DigestException("missing header value");
        }
        return new DigestParams(headerValue).parseAll();
    }

    private Map<String, String> parseAll() throws DigestException {
        skipWhitespace();
        String scheme = token();
        if (scheme.isEmpty()) {
            throw new DigestException("missing authentication scheme");
        }
        // RFC 7235 §2.1: the scheme name is case-insensitive.
        if (!scheme.equalsIgnoreCase("Digest")) {
            throw new DigestException("unsupported authentication scheme '" + scheme + "', expected Digest");
        }
        if (pos < text.length() && !isWhitespace(text.charAt(pos))) {
            throw new DigestException("expected whitespace after the Digest scheme at index " + pos);
        }
        Map<String, String> params = new LinkedHashMap<>();
        while (true) {
            skipSeparators();
            if (pos >= text.length()) {
                break;
            }
            int nameStart = pos;
            String name = token();
            if (name.isEmpty()) {
                throw new DigestException("expected a parameter name at index " + nameStart
                        + " but found '" + text.charAt(nameStart) + "'");
            }
            skipWhitespace();
            if (pos >= text.length() || text.charAt(pos) != '=') {
                throw new DigestException("parameter '" + name + "' has no '=' and value");
            }
            pos++;
            skipWhitespace();
            String value;
            if (pos < text.length() && text.charAt(pos) == '"') {
                value = quotedString(name);
            } else {
                value = token();
                if (value.isEmpty()) {
                    throw new DigestException("parameter '" + name + "' has an empty or invalid unquoted value");
                }
            }
            String key = name.toLowerCase(Locale.ROOT);
            if (params.putIfAbsent(key, value) != null) {
                throw new DigestException("duplicate parameter '" + name + "'");
            }
            skipWhitespace();
            if (pos < text.length() && text.charAt(pos) != ',') {
                throw new DigestException("expected ',' after parameter '" + name + "' at index " + pos
                        + " but found '" + text.charAt(pos) + "'");
            }
        }
        return params;
    }

    /** RFC 3261 §25.1 quoted-string: DQUOTE *(qdtext / quoted-pair) DQUOTE. */
    private String quotedString(String name) throws DigestException {
        StringBuilder value = new StringBuilder();
        pos++;
        while (pos < text.length()) {
            char ch = text.charAt(pos++);
            if (ch == '"') {
                return value.toString();
            }
            if (ch == '\\') {
                if (pos >= text.length()) {
                    break;
                }
                ch = text.charAt(pos++);
            }
            if (ch == '\r' || ch == '\n') {
                throw new DigestException("parameter '" + name + "' contains a line break");
            }
            value.append(ch);
        }
        throw new DigestException("unterminated quoted value of parameter '" + name + "'");
    }

    private String token() {
        int start = pos;
        while (pos < text.length() && isTokenChar(text.charAt(pos))) {
            pos++;
        }
        return text.substring(start, pos);
    }

    /** RFC 7230 §7 list syntax allows empty elements, so runs of commas are skipped as well. */
    private void skipSeparators() {
        while (pos < text.length() && (text.charAt(pos) == ',' || isWhitespace(text.charAt(pos)))) {
            pos++;
        }
    }

    private void skipWhitespace() {
        while (pos < text.length() && isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private static boolean isWhitespace(char ch) {
        return ch == ' ' || ch == '\t';
    }

    /** RFC 3261 §25.1 token characters. */
    static boolean isTokenChar(char ch) {
        return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')
                || "-.!%*_+`'~".indexOf(ch) >= 0;
    }
}
