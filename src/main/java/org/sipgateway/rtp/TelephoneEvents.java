package org.sipgateway.rtp;

/**
 * Key presses from RFC 4733 telephone-event packets, one stream of them per call. An event's
 * packets share its RTP timestamp (§2.3.1); the last three usually repeat the end bit (§2.5.1.4).
 * A key press is reported once, at its first end packet, or when a new event starts while the
 * previous one never showed its end (its end packets were all lost). Not thread-safe.
 */
public final class TelephoneEvents {

    /** RFC 4733 §2.3: event (8 bits), E|R|volume (8 bits), duration (16 bits). */
    static final int PAYLOAD_LENGTH = 4;
    static final int OFFSET_EVENT = 0;
    static final int OFFSET_FLAGS = 1;
    static final int END_BIT = 0x80;
    /** §3.2: events 0-9 are the digits, 10 is *, 11 is #, 12-15 are A-D. */
    private static final String DIGITS = "0123456789*#ABCD";

    private long timestamp = -1;
    private int event = -1;
    private boolean reported;

    /**
     * The key pressed, when this packet completes one; 0 otherwise (not a DTMF event, malformed,
     * a repeat, or an event still going on).
     */
    public char offer(byte[] packet, int payloadOffset, int payloadLength, long rtpTimestamp) {
        if (payloadLength < PAYLOAD_LENGTH) {
            return 0;
        }
        int code = packet[payloadOffset + OFFSET_EVENT] & 0xFF;
        boolean end = (packet[payloadOffset + OFFSET_FLAGS] & END_BIT) != 0;
        char unfinished = 0;
        if (rtpTimestamp != timestamp) {
            if (!reported && event >= 0) {
                unfinished = digit(event);
            }
            timestamp = rtpTimestamp;
            event = code;
            reported = false;
        }
        if (unfinished != 0) {
            // This packet's own end, if it is one, is repeated by the next (§2.5.1.4).
            return unfinished;
        }
        if (end && !reported) {
            reported = true;
            return digit(code);
        }
        return 0;
    }

    private static char digit(int code) {
        return code < DIGITS.length() ? DIGITS.charAt(code) : 0;
    }
}
