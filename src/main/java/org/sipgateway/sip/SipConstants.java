package org.sipgateway.sip;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Header names and fixed values of the {@code sip} component. */
public final class SipConstants {

    /** The call an exchange is about (the SIP Call-ID). */
    public static final String CALL_ID = "CamelSipCallId";
    /** Who owns the call: an opaque id given with {@code sip:dial} and carried on every event. */
    public static final String OWNER = "CamelSipOwner";
    /** The Request-URI to dial, for {@code sip:dial}. */
    public static final String TARGET = "CamelSipTarget";
    /** CALLING, RINGING, ANSWERED or ENDED, on events. */
    public static final String STATE = "CamelSipCallState";
    /** For {@code sip:hangup}: a HangupReason name (USER when absent). */
    public static final String HANGUP_REASON = "CamelSipHangupReason";
    /** Why an ENDED call ended ("486 Busy Here", "remote-bye", ...). */
    public static final String CAUSE = "CamelSipCause";
    /** On a RINGING event: true when its provisional response carried SDP (early media). */
    /** On sip:dial: the call's own longest duration in seconds, below gateway.call.max-duration. */
    public static final String MAX_DURATION = "CamelSipMaxDuration";
    public static final String EARLY_MEDIA = "CamelSipEarlyMedia";

    /** On an event that reports a refusal instead of a state change (see {@link CallEvent#refusal()}). */
    public static final String REFUSAL = "CamelSipRefusal";
    /** For {@code sip:transfer}: the Refer-To URI. */
    public static final String REFER_TO = "CamelSipReferTo";
    /** For {@code sip:reject}: the final status that refuses an inbound call (486 when absent). */
    public static final String REJECT_STATUS = "CamelSipRejectStatus";
    /** For {@code sip:reject}: the cause its ENDED event carries ({@link #CAUSE_REJECTED} when absent). */
    public static final String REJECT_CAUSE = "CamelSipRejectCause";

    public static final String OPERATION_DIAL = "dial";
    public static final String OPERATION_HANGUP = "hangup";
    /** Inbound (PROTOCOL.md §9): the owner in {@link #OWNER} answers the offered call in {@link #CALL_ID}. */
    public static final String OPERATION_ANSWER = "answer";
    /** Inbound: refuses the offered call in {@link #CALL_ID} with {@link #REJECT_STATUS}. */
    public static final String OPERATION_REJECT = "reject";
    /** HOLD: a re-INVITE with a=sendonly (RFC 6337 §5.3) for the call in {@link #CALL_ID}. */
    public static final String OPERATION_HOLD = "hold";
    /** RESUME: a re-INVITE with a=sendrecv. */
    public static final String OPERATION_RESUME = "resume";
    /** TRANSFER: a blind REFER (RFC 3515) to {@link #REFER_TO}. */
    public static final String OPERATION_TRANSFER = "transfer";
    public static final String EVENTS = "events";

    public static final String USER_AGENT = "sip-audio-gateway";

    /** End causes of PROTOCOL.md §1 that are not SIP status lines. */
    public static final String CAUSE_LOCAL_BYE = "local-bye";
    public static final String CAUSE_REMOTE_BYE = "remote-bye";
    public static final String CAUSE_CANCELLED = "cancelled";
    public static final String CAUSE_TIMEOUT = "timeout";
    /** Not a single response to the INVITE (RFC 3261 Timer B): nothing answers at gateway.sip.server. */
    public static final String CAUSE_UNREACHABLE = "unreachable";
    public static final String CAUSE_MAX_DURATION = "max-duration";
    /** The gateway was stopped (SIGTERM) while the call was up. */
    public static final String CAUSE_SHUTDOWN = "shutdown";
    public static final String CAUSE_DISCONNECTED = "disconnected";
    /** Inbound: a session (or a route) refused the offered call. */
    public static final String CAUSE_REJECTED = "rejected";
    /** Inbound: no session listened for the called number. */
    public static final String CAUSE_NO_LISTENER = "no-listener";
    /** The far end reported (NOTIFY, RFC 3515 §2.4.5) that the call we REFERred it to was answered. */
    public static final String CAUSE_TRANSFERRED = "transferred";
    public static final String CAUSE_FAILURE = "500 Server Internal Error (the gateway could not set up the call's media)";

    /** RFC 3261 §17.1.1.2: Timer B is 64*T1 = 32 s; a CANCEL that gets no 487 is given up after that. */
    static final long TIMER_B_MILLIS = 32_000;
    /** How long an ended call is remembered, so a late 200 OK can still be ACKed and hung up. */
    static final long LINGER_MILLIS = 40_000;

    private static final SecureRandom RANDOM = new SecureRandom();

    private SipConstants() {
    }

    /** RFC 3261 §19.3: a tag with at least 32 bits of randomness. */
    static String newTag() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    static long randomSessionId() {
        return RANDOM.nextLong() >>> 1;
    }
}
