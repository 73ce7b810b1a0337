package org.sipgateway.rtp;

import java.util.Arrays;

/**
 * A received RTP packet (RFC 3550 §5.1), as an immutable view over the datagram it was parsed from.
 *
 * <p>The packet keeps a reference to the caller's array instead of copying it, so parsing allocates only the
 * packet and its result. All offsets returned by this class are absolute indexes into {@link #buffer()}. The view
 * stays valid only as long as the caller leaves that range of the array alone; use {@link #payloadCopy()} or
 * {@link #copyPayload(byte[], int)} to keep the audio beyond that.
 *
 * <p>Layout, big-endian: one octet of version (2 bits), padding, extension and CSRC count (4 bits); one octet of
 * marker and payload type (7 bits); 16-bit sequence number; 32-bit timestamp; 32-bit SSRC; then CSRC count
 * 32-bit CSRCs, the optional header extension (§5.3.1), the payload, and optional padding.
 */
public final class RtpPacket {

    /** The only version RFC 3550 defines. */
    public static final int RTP_VERSION = 2;
    /** Length of the fixed header, before CSRCs and extension (RFC 3550 §5.1). */
    public static final int FIXED_HEADER_LENGTH = 12;

    static final int OFFSET_FLAGS = 0;
    static final int OFFSET_MARKER_PAYLOAD_TYPE = 1;
    static final int OFFSET_SEQUENCE = 2;
    static final int OFFSET_TIMESTAMP = 4;
    static final int OFFSET_SSRC = 8;
    static final int OFFSET_CSRC_LIST = 12;

    static final int VERSION_SHIFT = 6;
    static final int PADDING_BIT = 0x20;
    static final int EXTENSION_BIT = 0x10;
    static final int CSRC_COUNT_MASK = 0x0F;
    static final int MARKER_BIT = 0x80;
    static final int PAYLOAD_TYPE_MASK = 0x7F;

    static final int CSRC_LENGTH = 4;
    /** RFC 3550 §5.3.1: 16-bit profile-defined field, then a 16-bit length in 32-bit words. */
    static final int EXTENSION_HEADER_LENGTH = 4;
    static final int EXTENSION_OFFSET_LENGTH_FIELD = 2;
    static final int EXTENSION_WORD_LENGTH = 4;

    private final byte[] buffer;
    private final int offset;
    private final int length;
    private final boolean padding;
    private final boolean extension;
    private final int csrcCount;
    private final boolean marker;
    private final int payloadType;
    private final int sequenceNumber;
    private final long timestamp;
    private final long ssrc;
    private final int extensionProfile;
    private final int extensionOffset;
    private final int extensionLength;
    private final int payloadOffset;
    private final int payloadLength;
    private final int paddingLength;

    RtpPacket(byte[] buffer, int offset, int length, int flags, int markerAndType,
                      int extensionProfile, int extensionOffset, int extensionLength,
                      int payloadOffset, int payloadLength, int paddingLength) {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        this.padding = (flags & PADDING_BIT) != 0;
        this.extension = (flags & EXTENSION_BIT) != 0;
        this.csrcCount = flags & CSRC_COUNT_MASK;
        this.marker = (markerAndType & MARKER_BIT) != 0;
        this.payloadType = markerAndType & PAYLOAD_TYPE_MASK;
        this.sequenceNumber = readUnsignedShort(buffer, offset + OFFSET_SEQUENCE);
        this.timestamp = readUnsignedInt(buffer, offset + OFFSET_TIMESTAMP);
        this.ssrc = readUnsignedInt(buffer, offset + OFFSET_SSRC);
        this.extensionProfile = extensionProfile;
        this.extensionOffset = extensionOffset;
        this.extensionLength = extensionLength;
        this.payloadOffset = payloadOffset;
        this.payloadLength = payloadLength;
        this.paddingLength = paddingLength;
    }

    /**
     * Parses {@code length} bytes of {@code datagram} starting at {@code offset}. Never throws: malformed input,
     * including a null array or a range outside it, comes back as a failed result.
     */
    public static RtpParseResult parse(byte[] datagram, int offset, int length) {
        RtpFrame frame = new RtpFrame();
        return frame.parse(datagram, offset, length) ? RtpParseResult.ok(frame.toPacket()) : frame.failureResult();
    }

    public int version() {
        return RTP_VERSION;
    }

    public boolean hasPadding() {
        return padding;
    }

    public boolean hasExtension() {
        return extension;
    }

    public int csrcCount() {
        return csrcCount;
    }

    public boolean marker() {
        return marker;
    }

    /** 0..127. */
    public int payloadType() {
        return payloadType;
    }

    /** 0..65535. */
    public int sequenceNumber() {
        return sequenceNumber;
    }

    /** 0..2^32-1. */
    public long timestamp() {
        return timestamp;
    }

    /** 0..2^32-1. */
    public long ssrc() {
        return ssrc;
    }

    /**
     * The {@code index}-th contributing source, read straight from the datagram.
     *
     * @throws IndexOutOfBoundsException unless {@code 0 <= index < csrcCount()}
     */
    public long csrc(int index) {
        if (index < 0 || index >= csrcCount) {
            throw new IndexOutOfBoundsException("CSRC index " + index + ", count " + csrcCount);
        }
        return readUnsignedInt(buffer, offset + OFFSET_CSRC_LIST + index * CSRC_LENGTH);
    }

    /** A fresh array of all contributing sources; prefer {@link #csrc(int)} on the hot path. */
    public long[] csrcs() {
        long[] result = new long[csrcCount];
        for (int i = 0; i < csrcCount; i++) {
            result[i] = csrc(i);
        }
        return result;
    }

    /** The 16-bit profile-defined field of the header extension (RFC 3550 §5.3.1), or 0 without one. */
    public int extensionProfile() {
        return extensionProfile;
    }

    /** Where the extension data starts in {@link #buffer()}, after its 4-byte header. */
    public int extensionOffset() {
        return extensionOffset;
    }

    /** Length of the extension data in bytes (a multiple of 4, excluding its 4-byte header), or 0 without one. */
    public int extensionLength() {
        return extensionLength;
    }

    /** Where the payload starts in {@link #buffer()}. */
    public int payloadOffset() {
        return payloadOffset;
    }

    /** Payload length in bytes with padding removed; may be 0. */
    public int payloadLength() {
        return payloadLength;
    }

    /** Number of padding octets after the payload, including the count octet; 0 without padding. */
    public int paddingLength() {
        return paddingLength;
    }

    /** The array the packet was parsed from, shared rather than copied. */
    public byte[] buffer() {
        return buffer;
    }

    /** Where the packet starts in {@link #buffer()}. */
    public int offset() {
        return offset;
    }

    /** Length of the whole packet, header and padding included. */
    public int length() {
        return length;
    }

    public byte[] payloadCopy() {
        return Arrays.copyOfRange(buffer, payloadOffset, payloadOffset + payloadLength);
    }

    /**
     * Copies the payload into {@code dst} at {@code dstOffset}.
     *
     * @throws IndexOutOfBoundsException if {@code dst} has no room for {@link #payloadLength()} bytes there
     */
    public void copyPayload(byte[] dst, int dstOffset) {
        System.arraycopy(buffer, payloadOffset, dst, dstOffset, payloadLength);
    }

    @Override
    public String toString() {
        return "RtpPacket[pt=" + payloadType + ", seq=" + sequenceNumber + ", ts=" + timestamp
                + ", ssrc=" + ssrc + (marker ? ", marker" : "") + ", csrcs=" + csrcCount
                + (extension ? ", ext profile=0x" + Integer.toHexString(extensionProfile)
                + " len=" + extensionLength : "")
                + ", payload=" + payloadLength + (padding ? ", padding=" + paddingLength : "") + "]";
    }

    static int readUnsignedShort(byte[] b, int i) {
        return (b[i] & 0xFF) << 8 | b[i + 1] & 0xFF;
    }

    static long readUnsignedInt(byte[] b, int i) {
        return ((long) (b[i] & 0xFF) << 24) | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | b[i + 3] & 0xFF;
    }
}
