package org.sipgateway.command;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Server-to-client lines built in Java rather than in a route (PROTOCOL.md §1). */
public final class ServerText {

    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] RTP_PREFIX = "RTP:".getBytes(StandardCharsets.US_ASCII);
    /** Two lowercase hex digits for each byte value, the same as {@link HexFormat#of()} writes. */
    private static final byte[] HEX_PAIRS = new byte[512];

    static {
        byte[] digits = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        for (int b = 0; b < 256; b++) {
            HEX_PAIRS[2 * b] = digits[b >>> 4];
            HEX_PAIRS[2 * b + 1] = digits[b & 0x0F];
        }
    }

    private ServerText() {
    }

    /** A received RTP packet, header included, as one {@code RTP:<lowercase hex>} line. */
    public static String rtpLine(byte[] packet, int offset, int length) {
        return "RTP:" + HEX.formatHex(packet, offset, offset + length);
    }

    /** Bytes of {@link #rtpLine} for a packet of {@code length} bytes. */
    public static int rtpLineLength(int length) {
        return RTP_PREFIX.length + 2 * length;
    }

    /**
     * The same line written as its ASCII bytes into {@code out} (at least {@link #rtpLineLength}
     * bytes), for the media path: no String, no character encoding, nothing allocated. Returns the
     * bytes written.
     */
    public static int rtpLine(byte[] packet, int offset, int length, byte[] out) {
        System.arraycopy(RTP_PREFIX, 0, out, 0, RTP_PREFIX.length);
        int at = RTP_PREFIX.length;
        for (int i = offset; i < offset + length; i++) {
            int pair = (packet[i] & 0xFF) << 1;
            out[at++] = HEX_PAIRS[pair];
            out[at++] = HEX_PAIRS[pair + 1];
        }
        return at;
    }

    /** A key the far end pressed (RFC 4733), PROTOCOL.md §6. */
    public static String dtmf(char digit) {
        return "DTMF:" + digit;
    }

    /**
     * Media flows for the call (PROTOCOL.md §6), sent once. G.711 at 8 kHz in 20 ms packets is all
     * the gateway negotiates, so only the codec varies.
     */
    public static String mediaStart(String codecName, String callId) {
        return "MEDIA_START:codec=" + codecName + ";rate=8000;ptime=20;call=" + callId;
    }

    /** INCOMING_ENDED reasons (PROTOCOL.md §9). */
    public static final String ENDED_ELSEWHERE = "answered-elsewhere";
    public static final String ENDED_CANCELLED = "cancelled";
    public static final String ENDED_TIMEOUT = "timeout";
    public static final String ENDED_REJECTED = "rejected";

    /**
     * An inbound call offered to the session (PROTOCOL.md §9). A {@code :} inside the Call-ID is
     * sent as {@code %3A}, so the first {@code :} after the prefix ends it; ANSWER and REJECT take
     * the Call-ID as the client got it.
     */
    public static String incoming(String callId, String from, String to) {
        return "INCOMING:" + wireCallId(callId) + ":" + from + ":" + to;
    }

    /** The offer is gone for the session: {@link #ENDED_ELSEWHERE}, cancelled, timeout or rejected. */
    public static String incomingEnded(String callId, String reason) {
        return "INCOMING_ENDED:" + wireCallId(callId) + ":" + reason;
    }

    private static String wireCallId(String callId) {
        return callId.replace(":", "%3A");
    }

    /** What a session with a call hears when the gateway stops (SIGTERM), before its socket closes. */
    public static String endedByShutdown() {
        return "CALL_STATE:ENDED:shutdown";
    }
}
