package org.sipgateway.session;

/** What a session needs to know of the call it owns. */
public interface ActiveCall {

    String callId();

    /** Ends the call (CANCEL or BYE as its state requires), reporting {@code cause}. */
    void hangup(String cause);
}
