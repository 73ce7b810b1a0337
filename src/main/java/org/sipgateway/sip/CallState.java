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
    /** 200 OK arrived and was ACKed; media flows. Also: back from HELD, or a transfer that failed. */
    ANSWERED,
    /** Our re-INVITE with a=sendonly was accepted (HOLD, RFC 6337 §5.3). */
    HELD,
    /** The far end accepted our REFER (202, RFC 3515); its NOTIFYs tell how the transfer goes. */
    TRANSFERRING,
    /** The call is over; the event carries the cause. */
    ENDED
}
