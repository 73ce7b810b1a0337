package org.sipgateway.sip;

/**
 * One state change of a call. {@link #toString()} is {@code STATE} or {@code ENDED:<cause>}, the
 * text the gateway's routes put after {@code CALL_STATE:}. {@code earlyMedia}: a RINGING whose
 * provisional response carried a usable SDP, so media flows before the answer. {@code refusal}:
 * not a state change but the far end's refusal of what the owner asked for (HOLD, RESUME,
 * TRANSFER), for the owner as one {@code ERROR:refused:<refusal>}; {@code state} is then the
 * state the call stays in.
 */
public record CallEvent(String callId, String owner, CallState state, String cause, boolean earlyMedia, SipCall call,
        String refusal) {

    public CallEvent(String callId, String owner, CallState state, String cause, boolean earlyMedia, SipCall call) {
        this(callId, owner, state, cause, earlyMedia, call, null);
    }

    @Override
    public String toString() {
        return cause == null ? state.name() : state.name() + ":" + cause;
    }
}
