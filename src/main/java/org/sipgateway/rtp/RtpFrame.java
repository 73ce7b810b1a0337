package org.sipgateway.rtp;

import java.net.InetSocketAddress;

/**
 * One received datagram as the media pipeline sees it: the RTP header fields (RFC 3550 §5.1)
 * parsed in place, where it came from, when, and what kind of packet it is. A pipeline owns one
 * frame and reuses it for every packet of its call, so parsing allocates nothing; a sink that
 * keeps anything past its call must copy it.
 */
public final class RtpFrame {

    /** What the classifier made of the packet's payload type. */
    public enum Kind { AUDIO, TELEPHONE_EVENT, COMFORT_NOISE, OTHER }

    private byte[] buffer;
    private int offset;
    private int length;
    private int flags;
    private int markerAndType;
    private int sequenceNumber;
    private long timestamp;
    private long ssrc;
    private int extensionProfile;
    private int extensionOffset;
    private int extensionLength;
    private int payloadOffset;
    private int payloadLength;
    private int paddingLength;
    private InetSocketAddress source;
    private long arrivalNanos;
    private Kind kind = Kind.OTHER;

    private RtpParseResult.Reason failure;
    private long failureA;
    private long failureB;
    private long failureC;

    /**
     * Parses {@code length} bytes of {@code datagram} from {@code offset}, keeping a reference to
     * the array (no copy). Never throws: false with {@link #failure()} set for malformed input,
     * including a null array or a range outside it.
     */
    public boolean parse(byte[] datagram, int offset, int length) {
        this.buffer = datagram;
        this.offset = offset;
        this.length = length;
        this.kind = Kind.OTHER;
        if (datagram == null) {
            return fail(RtpParseResult.Reason.INVALID_RANGE, offset, length, -1);
        }
        if (offset < 0 || length < 0 || length > datagram.length - offset) {
            return fail(RtpParseResult.Reason.INVALID_RANGE, offset, length, datagram.length);
        }
        if (length < RtpPacket.FIXED_HEADER_LENGTH) {
            return fail(RtpParseResult.Reason.TOO_SHORT, length, 0, 0);
        }
        int first = datagram[offset + RtpPacket.OFFSET_FLAGS] & 0xFF;
        int version = first >>> RtpPacket.VERSION_SHIFT;
        if (version != RtpPacket.RTP_VERSION) {
            return fail(RtpParseResult.Reason.BAD_VERSION, version, 0, 0);
        }

        // Positions below are relative to offset until stored; all are bounded by length.
        int csrcCount = first & RtpPacket.CSRC_COUNT_MASK;
        int headerEnd = RtpPacket.OFFSET_CSRC_LIST + csrcCount * RtpPacket.CSRC_LENGTH;
        if (headerEnd > length) {
            return fail(RtpParseResult.Reason.CSRC_OVERRUN, csrcCount, headerEnd, length);
        }

        int profile = 0;
        int extension = 0;
        if ((first & RtpPacket.EXTENSION_BIT) != 0) {
            // §5.3.1: a 4-byte extension header (profile, length in 32-bit words), then the words.
            if (length - headerEnd < RtpPacket.EXTENSION_HEADER_LENGTH) {
                return fail(RtpParseResult.Reason.EXTENSION_TRUNCATED, headerEnd, length, 0);
            }
            profile = RtpPacket.readUnsignedShort(datagram, offset + headerEnd);
            int words = RtpPacket.readUnsignedShort(datagram, offset + headerEnd + RtpPacket.EXTENSION_OFFSET_LENGTH_FIELD);
            extension = words * RtpPacket.EXTENSION_WORD_LENGTH;
            int extensionEnd = headerEnd + RtpPacket.EXTENSION_HEADER_LENGTH + extension;
            if (extensionEnd > length) {
                return fail(RtpParseResult.Reason.EXTENSION_OVERRUN, words, extensionEnd, length);
            }
            headerEnd += RtpPacket.EXTENSION_HEADER_LENGTH;
        }
        int payloadStart = headerEnd + extension;
        int available = length - payloadStart;
        int padding = 0;
        if ((first & RtpPacket.PADDING_BIT) != 0) {
            // §5.1: the last octet counts the padding octets, itself included, so zero cannot be valid.
            padding = datagram[offset + length - 1] & 0xFF;
            if (padding == 0 || padding > available) {
                return fail(RtpParseResult.Reason.BAD_PADDING, padding, available, 0);
            }
        }

        this.flags = first;
        this.markerAndType = datagram[offset + RtpPacket.OFFSET_MARKER_PAYLOAD_TYPE] & 0xFF;
        this.sequenceNumber = RtpPacket.readUnsignedShort(datagram, offset + RtpPacket.OFFSET_SEQUENCE);
        this.timestamp = RtpPacket.readUnsignedInt(datagram, offset + RtpPacket.OFFSET_TIMESTAMP);
        this.ssrc = RtpPacket.readUnsignedInt(datagram, offset + RtpPacket.OFFSET_SSRC);
        this.extensionProfile = profile;
        this.extensionOffset = offset + headerEnd;
        this.extensionLength = extension;
        this.payloadOffset = offset + payloadStart;
        this.payloadLength = available - padding;
        this.paddingLength = padding;
        this.failure = null;
        return true;
    }

    private boolean fail(RtpParseResult.Reason reason, long a, long b, long c) {
        failure = reason;
        failureA = a;
        failureB = b;
        failureC = c;
        return false;
    }

    /** Where and when the datagram arrived; set by the receiver before the pipeline runs. */
    public void arrived(InetSocketAddress from, long nanos) {
        this.source = from;
        this.arrivalNanos = nanos;
    }

    /** The reason the last {@link #parse} failed; null after a success. */
    public RtpParseResult.Reason failure() {
        return failure;
    }

    /** The last failure as a parse result, with its specific reason and numbers. */
    public RtpParseResult failureResult() {
        return RtpParseResult.failure(failure, failureA, failureB, failureC);
    }

    /** The parsed header as an immutable packet that shares this frame's array. */
    RtpPacket toPacket() {
        return new RtpPacket(buffer, offset, length, flags, markerAndType, extensionProfile, extensionOffset,
                extensionLength, payloadOffset, payloadLength, paddingLength);
    }

    public void classify(Kind classified) {
        this.kind = classified;
    }

    public Kind kind() {
        return kind;
    }

    public byte[] buffer() {
        return buffer;
    }

    public int offset() {
        return offset;
    }

    public int length() {
        return length;
    }

    public boolean marker() {
        return (markerAndType & RtpPacket.MARKER_BIT) != 0;
    }

    public int payloadType() {
        return markerAndType & RtpPacket.PAYLOAD_TYPE_MASK;
    }

    public int sequenceNumber() {
        return sequenceNumber;
    }

    public long timestamp() {
        return timestamp;
    }

    public long ssrc() {
        return ssrc;
    }

    public int payloadOffset() {
        return payloadOffset;
    }

    public int payloadLength() {
        return payloadLength;
    }

    public InetSocketAddress source() {
        return source;
    }

    public long arrivalNanos() {
        return arrivalNanos;
    }
}
