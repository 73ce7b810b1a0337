package org.sipgateway.rtp;

/**
 * Outcome of {@link RtpPacket#parse(byte[], int, int)}: either a packet or the reason the datagram was rejected.
 *
 * <p>Rejections carry their numbers rather than a finished message; {@link #detail()} builds the text only when
 * someone asks for it, so a flood of garbage datagrams costs no string formatting.
 */
public final class RtpParseResult {

    /** Why a datagram is not a well-formed RTP packet. */
    public enum Reason {
        /** The offset and length handed to the parser do not describe a range of the array. */
        INVALID_RANGE("offset and length do not describe a range of the array"),
        /** RFC 3550 §5.1: every packet starts with a 12-byte fixed header. */
        TOO_SHORT("shorter than the 12-byte fixed header"),
        /** RFC 3550 §5.1: the version field must be 2. */
        BAD_VERSION("version is not 2"),
        /** RFC 3550 §5.1: the CC field announces more CSRC identifiers than the packet holds. */
        CSRC_OVERRUN("CSRC list runs past the end"),
        /** RFC 3550 §5.3.1: the X bit is set but the 4-byte extension header is cut off. */
        EXTENSION_TRUNCATED("header extension header is cut off"),
        /** RFC 3550 §5.3.1: the extension length field counts more words than the packet holds. */
        EXTENSION_OVERRUN("header extension runs past the end"),
        /** RFC 3550 §5.1: the P bit is set but the padding count is zero or larger than the payload area. */
        BAD_PADDING("padding count is zero or exceeds the payload");

        private final String description;

        Reason(String description) {
            this.description = description;
        }

        /** A fixed one-line description of this kind of failure. */
        public String description() {
            return description;
        }
    }

    private final RtpPacket packet;
    private final Reason reason;
    private final long a;
    private final long b;
    private final long c;

    private RtpParseResult(RtpPacket packet, Reason reason, long a, long b, long c) {
        this.packet = packet;
        this.reason = reason;
        this.a = a;
        this.b = b;
        this.c = c;
    }

    static RtpParseResult ok(RtpPacket packet) {
        return new RtpParseResult(packet, null, 0, 0, 0);
    }

    static RtpParseResult failure(Reason reason, long a, long b, long c) {
        return new RtpParseResult(null, reason, a, b, c);
    }

    public boolean isOk() {
        return packet != null;
    }

    /** @throws IllegalStateException if parsing failed; check {@link #isOk()} first */
    public RtpPacket packet() {
        if (packet == null) {
            throw new IllegalStateException("no packet: " + detail());
        }
        return packet;
    }

    /** @throws IllegalStateException if parsing succeeded */
    public Reason reason() {
        if (reason == null) {
            throw new IllegalStateException("parsing succeeded, there is no failure reason");
        }
        return reason;
    }

    /**
     * A human-readable account of the failure with the numbers involved, for logs.
     *
     * @throws IllegalStateException if parsing succeeded
     */
    public String detail() {
        switch (reason()) {
            case INVALID_RANGE:
                if (c < 0) {
                    return "datagram array is null";
                }
                return "offset " + a + " and length " + b + " do not fit an array of " + c + " bytes";
            case TOO_SHORT:
                return a + " bytes is shorter than the 12-byte fixed header";
            case BAD_VERSION:
                return "version " + a + ", expected 2";
            case CSRC_OVERRUN:
                return "CSRC count " + a + " needs " + b + " bytes, packet has " + c;
            case EXTENSION_TRUNCATED:
                return "header extension header needs 4 bytes at offset " + a + ", packet has " + b;
            case EXTENSION_OVERRUN:
                return "header extension of " + a + " words runs past the end (needs " + b
                        + " bytes, packet has " + c + ")";
            case BAD_PADDING:
                return "padding count " + a + " is zero or exceeds the payload of " + b + " bytes";
            default:
                return reason.description();
        }
    }

    @Override
    public String toString() {
        return isOk() ? "RtpParseResult[ok " + packet + "]" : "RtpParseResult[" + reason + ": " + detail() + "]";
    }
}
