package org.sipgateway.rtp;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.Random;

/**
 * Builds the outbound packets of one RTP stream: a 12-byte header (V=2, no padding, extension or CSRCs) followed by
 * the payload, with sequence number and timestamp advanced after every packet.
 *
 * <p>The timestamp advances by one per payload byte, which is one sample for G.711 at 8 kHz. Not thread-safe: one
 * stream is written by one sender.
 */
public final class RtpPacketWriter {

    private static final int SEQUENCE_MODULUS = 1 << 16;
    private static final long TIMESTAMP_MASK = 0xFFFF_FFFFL;

    private final long ssrc;
    private int payloadType;
    private int sequence;
    private long timestamp;

    /** Random initial sequence number, timestamp and SSRC from a {@link SecureRandom}. */
    public RtpPacketWriter(int payloadType) {
        this(payloadType, new SecureRandom());
    }

    /**
     * Random initial values from {@code random}. RFC 3550 §5.1 asks for unpredictable initial sequence numbers and
     * timestamps to hinder known-plaintext attacks on encryption, and §8.1 for a random SSRC so that independent
     * senders rarely collide; pass a seeded {@link Random} only in tests.
     */
    public RtpPacketWriter(int payloadType, Random random) {
        this(payloadType, random.nextInt(SEQUENCE_MODULUS), random.nextInt() & TIMESTAMP_MASK,
                random.nextInt() & TIMESTAMP_MASK);
    }

    /**
     * Explicit initial values.
     *
     * @param initialSequence  0..65535
     * @param initialTimestamp 0..2^32-1
     * @param ssrc             0..2^32-1
     */
    public RtpPacketWriter(int payloadType, int initialSequence, long initialTimestamp, long ssrc) {
        checkPayloadType(payloadType);
        if (initialSequence < 0 || initialSequence >= SEQUENCE_MODULUS) {
            throw new IllegalArgumentException("sequence number " + initialSequence + " outside 0..65535");
        }
        if ((initialTimestamp & ~TIMESTAMP_MASK) != 0) {
            throw new IllegalArgumentException("timestamp " + initialTimestamp + " outside 0..2^32-1");
        }
        if ((ssrc & ~TIMESTAMP_MASK) != 0) {
            throw new IllegalArgumentException("SSRC " + ssrc + " outside 0..2^32-1");
        }
        this.payloadType = payloadType;
        this.sequence = initialSequence;
        this.timestamp = initialTimestamp;
        this.ssrc = ssrc;
    }

    /**
     * Writes header and payload to the start of {@code out} and advances the stream: sequence by one, timestamp by
     * {@code payloadLength} samples.
     *
     * @param marker for audio, set on the first packet after a silence period (RFC 3551 §4.1)
     * @return the number of bytes written, {@code 12 + payloadLength}
     * @throws IndexOutOfBoundsException if the payload range is invalid or {@code out} is too small
     */
    public int write(byte[] payload, int payloadOffset, int payloadLength, boolean marker, byte[] out) {
        Objects.checkFromIndexSize(payloadOffset, payloadLength, payload.length);
        int total = RtpPacket.FIXED_HEADER_LENGTH + payloadLength;
        Objects.checkFromIndexSize(0, total, out.length);

        out[RtpPacket.OFFSET_FLAGS] = (byte) (RtpPacket.RTP_VERSION << RtpPacket.VERSION_SHIFT);
        out[RtpPacket.OFFSET_MARKER_PAYLOAD_TYPE] = (byte) ((marker ? RtpPacket.MARKER_BIT : 0) | payloadType);
        writeShort(out, RtpPacket.OFFSET_SEQUENCE, sequence);
        writeInt(out, RtpPacket.OFFSET_TIMESTAMP, timestamp);
        writeInt(out, RtpPacket.OFFSET_SSRC, ssrc);
        System.arraycopy(payload, payloadOffset, out, RtpPacket.FIXED_HEADER_LENGTH, payloadLength);

        sequence = (sequence + 1) & (SEQUENCE_MODULUS - 1);
        timestamp = (timestamp + payloadLength) & TIMESTAMP_MASK;
        return total;
    }

    /**
     * Writes an RFC 4733 event packet (§2.3): payload type {@code eventPayloadType}, the event's
     * own start {@code timestamp}, the next sequence number. The stream's timestamp is left as it
     * is: the caller moves it on with {@link #skipSamples} as time passes.
     *
     * @return the number of bytes written, {@code 12 + 4}
     */
    public int writeEvent(int eventPayloadType, int event, boolean end, int volume, int duration, boolean marker,
            long timestamp, byte[] out) {
        checkPayloadType(eventPayloadType);
        Objects.checkFromIndexSize(0, RtpPacket.FIXED_HEADER_LENGTH + 4, out.length);
        out[RtpPacket.OFFSET_FLAGS] = (byte) (RtpPacket.RTP_VERSION << RtpPacket.VERSION_SHIFT);
        out[RtpPacket.OFFSET_MARKER_PAYLOAD_TYPE] = (byte) ((marker ? RtpPacket.MARKER_BIT : 0) | eventPayloadType);
        writeShort(out, RtpPacket.OFFSET_SEQUENCE, sequence);
        writeInt(out, RtpPacket.OFFSET_TIMESTAMP, timestamp);
        writeInt(out, RtpPacket.OFFSET_SSRC, ssrc);
        int at = RtpPacket.FIXED_HEADER_LENGTH;
        out[at] = (byte) event;
        out[at + 1] = (byte) ((end ? 0x80 : 0) | (volume & 0x3F));
        writeShort(out, at + 2, duration);
        sequence = (sequence + 1) & (SEQUENCE_MODULUS - 1);
        return at + 4;
    }

    /**
     * Advances the timestamp by {@code samples} without sending, for a pause. The sequence number stays put: RFC
     * 3550 §5.1 has it count packets sent, so the receiver sees no loss, only a timestamp jump.
     */
    public void skipSamples(int samples) {
        if (samples < 0) {
            throw new IllegalArgumentException("cannot skip " + samples + " samples");
        }
        timestamp = (timestamp + samples) & TIMESTAMP_MASK;
    }

    /** Sequence number the next packet will carry. */
    public int nextSequence() {
        return sequence;
    }

    /** Timestamp the next packet will carry. */
    public long nextTimestamp() {
        return timestamp;
    }

    public long ssrc() {
        return ssrc;
    }

    public int payloadType() {
        return payloadType;
    }

    /** Switches the payload type for later packets, e.g. after a re-INVITE picks another codec. */
    public void setPayloadType(int payloadType) {
        checkPayloadType(payloadType);
        this.payloadType = payloadType;
    }

    private static void checkPayloadType(int payloadType) {
        if (payloadType < 0 || payloadType > RtpPacket.PAYLOAD_TYPE_MASK) {
            throw new IllegalArgumentException("payload type " + payloadType + " outside 0..127");
        }
    }

    private static void writeShort(byte[] b, int i, int value) {
        b[i] = (byte) (value >>> 8);
        b[i + 1] = (byte) value;
    }

    private static void writeInt(byte[] b, int i, long value) {
        b[i] = (byte) (value >>> 24);
        b[i + 1] = (byte) (value >>> 16);
        b[i + 2] = (byte) (value >>> 8);
        b[i + 3] = (byte) value;
    }
}
