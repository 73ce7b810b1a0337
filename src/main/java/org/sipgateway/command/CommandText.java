package org.sipgateway.command;

/** Makes client-supplied text safe to echo in a reply or a log line. */
public final class CommandText {

    private CommandText() {
    }

    /** At most {@code max} characters, control characters shown as '?', and a marker when cut. */
    public static String printable(String text, int max) {
        if (text == null) {
            return "";
        }
        int end = Math.min(text.length(), max);
        StringBuilder out = new StringBuilder(end + 16);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        if (text.length() > max) {
            out.append("...(").append(text.length()).append(" chars)");
        }
        return out.toString();
    }
}
