package org.sipgateway.sip;

/**
 * One state change of a call. {@link #toString()} is {@code STATE} or {@code ENDED:<cause>}, the
 * text the gateway's routes put after {@code CALL_STATE:}. {@code earlyMedia}: a RINGING whose
 * provisional response carried a usable SDP, so media flows before the answer.
 */
public record CallEvent(String callId, String owner, CallState state, String cause, boolean earlyMedia, SipCall call) {

    @Override
    public String toString() {
        return cause == null ? state.name() : state.name() + ":" + cause;
    }
}
