package org.sipgateway.session;

/** What a session needs to know of the call it owns. */
public interface ActiveCall {

    String callId();

    /** Ends the call (CANCEL or BYE as its state requires); safe to call more than once. */
    void hangup(HangupReason reason);

    /** Runs {@code action} once the call has ended, at once if it already has. */
    void whenEnded(Runnable action);
}
