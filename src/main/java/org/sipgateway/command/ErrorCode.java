package org.sipgateway.command;

/** The one-word codes of {@code ERROR:<code>:<text>} (PROTOCOL.md §1). */
public enum ErrorCode {
    BAD_COMMAND("bad-command"),
    BAD_TARGET("bad-target"),
    CALL_ACTIVE("call-active"),
    NO_CALL("no-call"),
    BAD_NAME("bad-name"),
    BAD_BASE64("bad-base64"),
    TOO_LARGE("too-large"),
    BAD_WAV("bad-wav"),
    NOT_FOUND("not-found"),
    LIMIT("limit"),
    FORBIDDEN("forbidden"),
    /** The far end refused what the command asked for (HOLD, RESUME, TRANSFER), after the command was sent on. */
    REFUSED("refused"),
    INTERNAL("internal");

    private final String wire;

    ErrorCode(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
