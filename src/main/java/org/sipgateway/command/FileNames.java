package org.sipgateway.command;

import java.util.Locale;

/** The rules for an uploaded file's name (PROTOCOL.md §1): a bare, safe {@code .wav} name. */
public final class FileNames {

    public static final int MAX_LENGTH = 128;
    private static final String EXTENSION = ".wav";

    private FileNames() {
    }

    public static String validate(String name) throws GatewayException {
        if (name == null || name.isEmpty()) {
            throw new GatewayException(ErrorCode.BAD_NAME, "file name is empty");
        }
        if (name.length() > MAX_LENGTH) {
            throw new GatewayException(ErrorCode.BAD_NAME,
                    "file name is " + name.length() + " characters, at most " + MAX_LENGTH);
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            if (!allowed) {
                String shown = c < 0x20 || c > 0x7e ? String.format("U+%04X", (int) c) : "'" + c + "'";
                throw new GatewayException(ErrorCode.BAD_NAME,
                        "character " + shown + " is not allowed in a file name (use A-Z a-z 0-9 . _ -)");
            }
        }
        if (name.startsWith(".")) {
            throw new GatewayException(ErrorCode.BAD_NAME, "file name must not start with '.'");
        }
        if (name.contains("..")) {
            throw new GatewayException(ErrorCode.BAD_NAME, "file name must not contain '..'");
        }
        if (!name.toLowerCase(Locale.ROOT).endsWith(EXTENSION)) {
            throw new GatewayException(ErrorCode.BAD_NAME, "file name must end in .wav");
        }
        return name;
    }
}
