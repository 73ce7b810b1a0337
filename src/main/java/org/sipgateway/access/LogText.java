package org.sipgateway.access;

/** Client-supplied text made safe for one log line: control and non-ASCII characters escaped, length capped. */
final class LogText {

    private static final int MAX = 120;

    private LogText() {
    }

    static String safe(String text) {
        if (text == null) {
            return "(none)";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < MAX; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7F) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        if (out.length() >= MAX) {
            out.append("...");
        }
        return "'" + out + "'";
    }
}
