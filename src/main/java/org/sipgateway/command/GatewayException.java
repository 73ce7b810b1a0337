package org.sipgateway.command;

/** A refused command: becomes exactly one {@code ERROR:<code>:<text>} to the session. */
public final class GatewayException extends Exception {

    /** Long enough for the list of commands after a 32-character echo of an unknown one. */
    private static final int MAX_TEXT = 300;

    private final ErrorCode code;

    public GatewayException(ErrorCode code, String text) {
        super(text);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    /** The wire form; the text is kept on one line so the reply stays one message. */
    public String toWire() {
        return "ERROR:" + code.wire() + ":" + CommandText.printable(getMessage(), MAX_TEXT);
    }
}
