package org.sipgateway.rtp;

import java.util.Arrays;
import java.util.Objects;

/**
 * Puts the G.711 payloads of one received stream back into sequence order for recording, filling losses with
 * silence so that the recording keeps its length in real time.
 *
 * <p>Sequence numbers are extended past their 16-bit range (RFC 3550 §A.1) so that 65535 is followed by 0. A packet
 * is written as soon as every packet before it has been written. A missing packet is waited for until the buffer
 * is full, i.e. holds {@code window} later packets, or until a packet arrives more than {@code window} places
 * beyond it; then it is given up and written as {@code samplesPerPacket} bytes of silence, so the wait for lost
 * audio stays bounded by about {@code window} packet times. Packets that arrive after their place was written are
 * dropped: as
 * {@link #duplicates()} if that place already carried their audio (as far as the last 64 places are remembered),
 * otherwise as {@link #late()}.
 *
 * <p>A jump of more than {@code maxJump} packets either way means the sender restarted with a new sequence, not
 * that minutes of audio were lost. As in RFC 3550 §A.1, one such packet is only held on probation; if the next
 * packet follows it in sequence, the held packets are flushed and the buffer resyncs on the new sequence
 * ({@link #resyncs()}), otherwise the stray packet is dropped ({@link #strays()}).
 *
 * <p>Payloads are copied when held, into per-slot arrays reused for the life of the buffer. One buffer serves one
 * SSRC; not thread-safe.
 */
public final class ReorderBuffer {

    /** Receives payloads in order. The array is only lent for the call: copy what must outlive it. */
    public interface Sink {
        void write(byte[] data, int off, int len);
    }

    /** 1000 packets of 20 ms: anything beyond 20 s is a restart rather than a loss. */
    public static final int DEFAULT_MAX_JUMP = 1000;
    /** A payload offered without its RTP timestamp: only sequence gaps are filled. */
    public static final long NO_TIMESTAMP = -1;
    /**
     * RFC 3551 §4.1: a sender that suppresses silence keeps its sequence numbers consecutive and
     * moves the timestamp on; up to this many samples (30 s at 8 kHz) of such a jump are filled
     * with silence, a larger one is taken for a new timeline.
     */
    static final int MAX_TIMESTAMP_GAP = 8000 * 30;

    private static final int SEQUENCE_MODULUS = 1 << 16;
    private static final int SEQUENCE_MASK = SEQUENCE_MODULUS - 1;
    private static final int MAX_SIGNED_DELTA = SEQUENCE_MODULUS / 2 - 1;
    private static final long TIMESTAMP_MASK = 0xFFFFFFFFL;

    private final int window;
    private final int maxJump;
    private final byte[] silence;
    private final Sink sink;
    private final byte[][] slots;
    private final int[] lengths;
    private final boolean[] present;
    private final long[] stamps;
    /** Where the audio written so far ends, in RTP timestamp units; NO_TIMESTAMP until known. */
    private long expectedTimestamp = NO_TIMESTAMP;
    private long silenceForTimestampGaps;
    private long candidateTimestamp = NO_TIMESTAMP;

    private boolean synced;
    /** Extended sequence number of the next packet to write. */
    private long nextExpected;
    private int held;
    /** Bit i is set if the packet at nextExpected - 1 - i was written with real audio rather than silence. */
    private long history;

    private boolean candidatePending;
    private int candidateSequence;
    private byte[] candidate = new byte[0];
    private int candidateLength;

    private long duplicates;
    private long late;
    private long gapsFilled;
    private long resyncs;
    private long strays;

    /** A buffer with {@link #DEFAULT_MAX_JUMP}. */
    public ReorderBuffer(int window, byte silenceByte, int samplesPerPacket, Sink sink) {
        this(window, silenceByte, samplesPerPacket, DEFAULT_MAX_JUMP, sink);
    }

    /**
     * @param window           how many packets the buffer holds; once full, a missing packet is given up
     * @param silenceByte      the codec's silence, {@code (byte) 0xFF} for PCMU, {@code (byte) 0xD5} for PCMA
     * @param samplesPerPacket bytes of silence written per missing packet, 160 for 20 ms of G.711
     * @param maxJump          sequence jumps beyond this many packets are treated as a restart
     */
    public ReorderBuffer(int window, byte silenceByte, int samplesPerPacket, int maxJump, Sink sink) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1, got " + window);
        }
        if (samplesPerPacket < 1) {
            throw new IllegalArgumentException("samples per packet must be positive, got " + samplesPerPacket);
        }
        if (maxJump <= window || maxJump > MAX_SIGNED_DELTA) {
            throw new IllegalArgumentException("max jump must lie in " + (window + 1) + ".." + MAX_SIGNED_DELTA
                    + ", got " + maxJump);
        }
        this.window = window;
        this.maxJump = maxJump;
        this.silence = new byte[samplesPerPacket];
        Arrays.fill(silence, silenceByte);
        this.sink = Objects.requireNonNull(sink, "sink");
        // One slot for the missing packet plus one for each packet held behind it.
        this.slots = new byte[window + 1][];
        this.lengths = new int[window + 1];
        this.present = new boolean[window + 1];
        this.stamps = new long[window + 1];
    }

    /** Offers the payload of a parsed packet; its timestamp lets silence-suppression gaps be filled too. */
    public void offer(RtpPacket packet) {
        offer(packet.sequenceNumber(), packet.timestamp(), packet.buffer(), packet.payloadOffset(), packet.payloadLength());
    }

    /** Offers one payload without a timestamp: only missing sequence numbers are filled. */
    public void offer(int sequenceNumber, byte[] data, int off, int len) {
        offer(sequenceNumber, NO_TIMESTAMP, data, off, len);
    }

    /**
     * Offers one payload; it is copied if it has to wait, so the caller may reuse {@code data} on return.
     *
     * @param sequenceNumber the packet's 16-bit sequence number
     * @param timestamp the packet's 32-bit RTP timestamp, or {@link #NO_TIMESTAMP}
     */
    public void offer(int sequenceNumber, long timestamp, byte[] data, int off, int len) {
        if (sequenceNumber < 0 || sequenceNumber > SEQUENCE_MASK) {
            throw new IllegalArgumentException("sequence number " + sequenceNumber + " outside 0..65535");
        }
        Objects.checkFromIndexSize(off, len, data.length);
        if (!synced) {
            synced = true;
            nextExpected = sequenceNumber;
        }
        if (candidatePending) {
            candidatePending = false;
            if (sequenceNumber == ((candidateSequence + 1) & SEQUENCE_MASK)) {
                resyncOnCandidate();
            } else {
                strays++;
            }
        }

        int delta = (short) (sequenceNumber - (int) (nextExpected & SEQUENCE_MASK));
        if (delta > maxJump || delta < -maxJump) {
            holdCandidate(sequenceNumber, timestamp, data, off, len);
            return;
        }
        if (delta < 0) {
            dropBehind(-delta - 1);
            return;
        }

        long extended = nextExpected + delta;
        while (extended - nextExpected > window) {
            writeNext();
        }
        if (extended == nextExpected) {
            writeAudio(data, off, len, timestamp);
        } else {
            int slot = slotOf(extended);
            if (present[slot]) {
                duplicates++;
                return;
            }
            store(slot, data, off, len, timestamp);
            while (held == window) {
                writeNext();
            }
        }
        drainInOrder();
    }

    /**
     * Writes everything held, with silence for the missing packets between, e.g. when the call ends. A packet held
     * on probation after a jump is dropped as a stray: nothing confirmed it.
     */
    public void flush() {
        while (held > 0) {
            writeNext();
        }
        if (candidatePending) {
            candidatePending = false;
            strays++;
        }
    }

    /** Packets held while waiting for a missing one. */
    public int buffered() {
        return held;
    }

    /** 16-bit sequence number the buffer will write next; meaningless before the first packet. */
    public int nextSequence() {
        return (int) (nextExpected & SEQUENCE_MASK);
    }

    /** Packets dropped because their audio had already been written or was already held. */
    public long duplicates() {
        return duplicates;
    }

    /** Packets dropped because silence had already been written in their place. */
    public long late() {
        return late;
    }

    /** Missing packets written as silence. */
    public long gapsFilled() {
        return gapsFilled;
    }

    /** Restarts of the sender's sequence followed. */
    public long resyncs() {
        return resyncs;
    }

    /** Packets dropped after an unconfirmed jump. */
    public long strays() {
        return strays;
    }

    private void resyncOnCandidate() {
        while (held > 0) {
            writeNext();
        }
        resyncs++;
        nextExpected = candidateSequence;
        history = 0;
        expectedTimestamp = NO_TIMESTAMP;
        writeAudio(candidate, 0, candidateLength, candidateTimestamp);
    }

    private void holdCandidate(int sequenceNumber, long timestamp, byte[] data, int off, int len) {
        if (candidate.length < len) {
            candidate = new byte[Math.max(len, silence.length)];
        }
        System.arraycopy(data, off, candidate, 0, len);
        candidateLength = len;
        candidateSequence = sequenceNumber;
        candidateTimestamp = timestamp;
        candidatePending = true;
    }

    private void dropBehind(int distance) {
        if (distance < Long.SIZE && (history >>> distance & 1L) != 0) {
            duplicates++;
        } else {
            late++;
        }
    }

    private void store(int slot, byte[] data, int off, int len, long timestamp) {
        if (slots[slot] == null || slots[slot].length < len) {
            slots[slot] = new byte[Math.max(len, silence.length)];
        }
        System.arraycopy(data, off, slots[slot], 0, len);
        lengths[slot] = len;
        stamps[slot] = timestamp;
        present[slot] = true;
        held++;
    }

    private void drainInOrder() {
        while (held > 0) {
            int slot = slotOf(nextExpected);
            if (!present[slot]) {
                return;
            }
            present[slot] = false;
            held--;
            writeAudio(slots[slot], 0, lengths[slot], stamps[slot]);
        }
    }

    /** Writes the next packet whether or not it arrived, then anything that became in order. */
    private void writeNext() {
        int slot = slotOf(nextExpected);
        if (present[slot]) {
            present[slot] = false;
            held--;
            writeAudio(slots[slot], 0, lengths[slot], stamps[slot]);
        } else {
            sink.write(silence, 0, silence.length);
            if (expectedTimestamp != NO_TIMESTAMP) {
                expectedTimestamp = (expectedTimestamp + silence.length) & TIMESTAMP_MASK;
            }
            gapsFilled++;
            history <<= 1;
            nextExpected++;
        }
    }

    private void writeAudio(byte[] data, int off, int len, long timestamp) {
        if (timestamp != NO_TIMESTAMP) {
            if (expectedTimestamp != NO_TIMESTAMP) {
                fillTimestampGap((int) (timestamp - expectedTimestamp));
            }
            expectedTimestamp = (timestamp + len) & TIMESTAMP_MASK;
        }
        sink.write(data, off, len);
        history = history << 1 | 1L;
        nextExpected++;
    }

    /** Silence for samples the sender skipped; a negative or huge jump is a new timeline, not a gap. */
    private void fillTimestampGap(int samples) {
        if (samples <= 0 || samples > MAX_TIMESTAMP_GAP) {
            return;
        }
        silenceForTimestampGaps += samples;
        while (samples > 0) {
            int chunk = Math.min(samples, silence.length);
            sink.write(silence, 0, chunk);
            samples -= chunk;
        }
    }

    /** Samples of silence written for timestamp jumps between consecutive packets (silence suppression). */
    public long silenceForTimestampGaps() {
        return silenceForTimestampGaps;
    }

    private int slotOf(long extended) {
        return (int) (extended % slots.length);
    }
}
