package org.sipgateway.session;

/** Why the gateway itself ends a call; the call turns it into the reported cause. */
public enum HangupReason {
    /** The client sent HANGUP: reported as {@code cancelled} before answer, {@code local-bye} after. */
    USER,
    /** The client's WebSocket closed. */
    DISCONNECTED,
    /** The gateway is shutting down: reported as {@code shutdown}. */
    SHUTDOWN,
    /** The gateway cannot serve the call (e.g. no RTP port could be bound): a 500 cause, never "cancelled". */
    FAILURE
}
