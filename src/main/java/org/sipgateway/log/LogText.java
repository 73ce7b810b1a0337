package org.sipgateway.log;

/**
 * Makes text safe for one log line: control characters (C0, DEL, C1) and the Unicode line and
 * paragraph separators are written as visible escapes ({@code \n}, {@code \x07}, {@code \u2028}),
 * so nothing a peer sends (a SIP header, a WebSocket frame) can forge a log line or hide in one.
 */
public final class LogText {

    private LogText() {
    }

    public static String escape(String text) {
        if (text == null) {
            return null;
        }
        int first = firstUnsafe(text);
        if (first < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!unsafe(c)) {
                out.append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c <= 0xff) {
                out.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.toString();
    }

    /** A value a client chose (an Origin, a name) for a log line: quoted, escaped, cut at {@code max}. */
    public static String quoted(String text, int max) {
        if (text == null) {
            return "(none)";
        }
        String cut = text.length() > max ? text.substring(0, max) + "..." : text;
        return "'" + escape(cut) + "'";
    }

    private static int firstUnsafe(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (unsafe(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    static boolean unsafe(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
    }
}
