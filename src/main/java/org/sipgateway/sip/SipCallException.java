package org.sipgateway.sip;

/** A call could not be placed or addressed; {@link #code()} is the protocol's one-word error code. */
public final class SipCallException extends Exception {

    public enum Kind {
        BAD_TARGET("bad-target"),
        LIMIT("limit"),
        NO_CALL("no-call"),
        /** The call's state does not allow the request now (HOLD while held, a second TRANSFER...). */
        BAD_STATE("bad-command"),
        INTERNAL("internal");

        private final String code;

        Kind(String code) {
            this.code = code;
        }
    }

    private final Kind kind;

    public SipCallException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** The reply a client gets: {@code ERROR:<code>:<text>}. */
    public String toWire() {
        return "ERROR:" + kind.code + ":" + getMessage().replaceAll("[\\r\\n]", " ");
    }

    public String code() {
        return kind.code;
    }
}
