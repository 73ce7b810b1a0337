package org.sipgateway.sip;

/** The call states reported to the owner, in the order they can occur. */
public enum CallState {
    /** An inbound INVITE was answered 180 and offered to the listening sessions; it has no owner yet. */
    OFFERED,
    /** A session said ANSWER: media opens, then the 200 leaves. Not sent to clients. */
    ANSWERING,
    /** The INVITE went out. */
    CALLING,
    /** 180 or 183 arrived. */
    RINGING,
    /** 200 OK arrived and was ACKed; media flows. */
    ANSWERED,
    /** The call is over; the event carries the cause. */
    ENDED
}
