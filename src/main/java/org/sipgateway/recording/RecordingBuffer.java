package org.sipgateway.recording;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of one call's recording between the call's event loop, which adds each packet's
 * audio, and the writer thread, which takes them in batches: a single-producer single-consumer
 * ring of fixed size, allocated once. When the writer falls behind (a slow or full disk) and the
 * ring is full, new audio is dropped and counted, and the writer later puts as much silence in
 * its place, so the recording keeps its length in real time; the call is never held up.
 */
final class RecordingBuffer {

    private final byte[] ring;
    /** Bytes ever added / taken; the producer writes {@link #tail}, the consumer {@link #head}. */
    private final AtomicLong tail = new AtomicLong();
    private final AtomicLong head = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private long droppedFilled;

    RecordingBuffer(int capacity) {
        this.ring = new byte[capacity];
    }

    /** Producer side: all of it, or nothing when it does not fit. */
    boolean add(byte[] data, int offset, int length) {
        long t = tail.get();
        if (length > ring.length - (t - head.get())) {
            dropped.addAndGet(length);
            return false;
        }
        int at = (int) (t % ring.length);
        int first = Math.min(length, ring.length - at);
        System.arraycopy(data, offset, ring, at, first);
        System.arraycopy(data, offset + first, ring, 0, length - first);
        tail.lazySet(t + length);
        return true;
    }

    /** Consumer side: hands every byte waiting, in at most two pieces, then silence for drops. */
    void drainTo(Chunks out, byte silence) throws java.io.IOException {
        long h = head.get();
        long t = tail.get();
        while (h < t) {
            int at = (int) (h % ring.length);
            int length = (int) Math.min(t - h, ring.length - at);
            out.write(ring, at, length);
            h += length;
            head.lazySet(h);
        }
        long owed = dropped.get() - droppedFilled;
        if (owed > 0) {
            byte[] fill = new byte[(int) Math.min(owed, 8000)];
            java.util.Arrays.fill(fill, silence);
            while (owed > 0) {
                int length = (int) Math.min(owed, fill.length);
                out.write(fill, 0, length);
                owed -= length;
                droppedFilled += length;
            }
        }
    }

    long droppedBytes() {
        return dropped.get();
    }

    /** Where drained bytes go. */
    interface Chunks {
        void write(byte[] data, int offset, int length) throws java.io.IOException;
    }
}
