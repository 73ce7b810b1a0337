package org.sipgateway.sip;

/**
 * One state change of a call. {@link #toString()} is {@code STATE} or {@code ENDED:<cause>}, the
 * text the gateway's routes put after {@code CALL_STATE:}.
 */
public record CallEvent(String callId, String owner, CallState state, String cause, SipCall call) {

    @Override
    public String toString() {
        return cause == null ? state.name() : state.name() + ":" + cause;
    }
}
