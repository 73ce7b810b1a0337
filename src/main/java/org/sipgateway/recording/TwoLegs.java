package org.sipgateway.recording;

/**
 * Puts a call's two directions side by side for a stereo recording, channel 1 the far end and
 * channel 2 what the gateway sent, on the gateway's media clock. Both sides come from the call's
 * event loop: the gateway's 20 ms at every tick, the far end's ordered audio whenever the receive
 * pipeline hands it on. Each tick's frame is paired with the far end's next 20 ms. When the far
 * end has none (a packet still missing in the reorder window, silence suppression), the gateway's
 * frames wait up to {@link #LAG} ticks and then go out beside silence; the far end then owes that
 * much, and the audio that later arrives for the same time (the late packets, the receive side's
 * fill for the gap) is skipped, so neither channel slides along the timeline. A far end that sends
 * faster than real time loses its oldest audio beyond {@link #FAR_CAPACITY}. The record starts
 * with the first audio of either side. Single-threaded, allocated once.
 */
final class TwoLegs {

    static final int FRAME = 160;
    /** Ticks the gateway's audio waits for the far end's: the reorder window, 60 ms. */
    static final int LAG = 3;
    /** Far-end audio held at most: enough for the reorder stage's release of a whole window. */
    static final int FAR_CAPACITY = 8 * FRAME;

    /** Where the interleaved frames go (the recording's buffer to the writer thread). */
    interface Output {
        void add(byte[] data, int offset, int length);
    }

    private final Output output;
    private final byte silence;
    private final byte[] far = new byte[FAR_CAPACITY];
    private int farHead;
    private int farCount;
    private final byte[] near = new byte[(LAG + 1) * FRAME];
    private int nearHead;
    private int nearFrames;
    /** Far-end bytes already written as silence, to be skipped when they arrive. */
    private long owed;
    private final byte[] pair = new byte[2 * FRAME];
    private boolean started;
    private long farSkipped;
    private long farDropped;

    TwoLegs(byte silence, Output output) {
        this.silence = silence;
        this.output = output;
    }

    /** The far end's ordered audio, any length. */
    void far(byte[] data, int offset, int length) {
        started = true;
        int skip = (int) Math.min(owed, length);
        owed -= skip;
        farSkipped += skip;
        int at = offset + skip;
        int left = length - skip;
        if (left > FAR_CAPACITY) {
            farDropped += left - FAR_CAPACITY;
            at += left - FAR_CAPACITY;
            left = FAR_CAPACITY;
        }
        int overflow = farCount + left - FAR_CAPACITY;
        if (overflow > 0) {
            farHead = (farHead + overflow) % FAR_CAPACITY;
            farCount -= overflow;
            farDropped += overflow;
        }
        int tail = (farHead + farCount) % FAR_CAPACITY;
        int first = Math.min(left, FAR_CAPACITY - tail);
        System.arraycopy(data, at, far, tail, first);
        System.arraycopy(data, at + first, far, 0, left - first);
        farCount += left;
        pairUp();
    }

    /** One tick of the gateway's audio: {@link #FRAME} bytes. */
    void near(byte[] data, int offset, int length) {
        if (length != FRAME) {
            throw new IllegalArgumentException("a tick is " + FRAME + " bytes, not " + length);
        }
        if (!started) {
            if (isSilence(data, offset, length)) {
                return;
            }
            started = true;
        }
        System.arraycopy(data, offset, near, ((nearHead + nearFrames) % (LAG + 1)) * FRAME, FRAME);
        nearFrames++;
        pairUp();
    }

    /** The call ended: what waits on either side goes out beside silence. */
    void flush() {
        pairUp();
        while (nearFrames > 0) {
            takeFar();
            writeNear();
        }
        while (farCount > 0) {
            int taken = takeFar();
            for (int i = 0; i < taken; i++) {
                pair[2 * i + 1] = silence;
            }
            output.add(pair, 0, 2 * taken);
        }
    }

    private void pairUp() {
        while (nearFrames > 0 && farCount >= FRAME) {
            writeBoth();
        }
        while (nearFrames > LAG) {
            owed += FRAME - takeFar();
            writeNear();
        }
    }

    /** Moves up to a frame of the far end into channel 1 of {@link #pair}; returns the bytes taken. */
    private int takeFar() {
        int taken = Math.min(farCount, FRAME);
        // The ring's bytes in at most two runs: no division per byte.
        int first = Math.min(taken, FAR_CAPACITY - farHead);
        for (int i = 0; i < first; i++) {
            pair[2 * i] = far[farHead + i];
        }
        for (int i = first; i < taken; i++) {
            pair[2 * i] = far[i - first];
        }
        for (int i = taken; i < FRAME; i++) {
            pair[2 * i] = silence;
        }
        farHead = (farHead + taken) % FAR_CAPACITY;
        farCount -= taken;
        return taken;
    }

    /**
     * A whole frame of the far end beside the oldest waiting tick, interleaved in one pass (the
     * common case, once per tick): the same as {@link #takeFar()} then {@link #writeNear()}.
     */
    private void writeBoth() {
        int from = nearHead * FRAME;
        int first = Math.min(FRAME, FAR_CAPACITY - farHead);
        for (int i = 0; i < first; i++) {
            pair[2 * i] = far[farHead + i];
            pair[2 * i + 1] = near[from + i];
        }
        for (int i = first; i < FRAME; i++) {
            pair[2 * i] = far[i - first];
            pair[2 * i + 1] = near[from + i];
        }
        farHead = (farHead + FRAME) % FAR_CAPACITY;
        farCount -= FRAME;
        nearHead = (nearHead + 1) % (LAG + 1);
        nearFrames--;
        output.add(pair, 0, pair.length);
    }

    /** The oldest waiting tick into channel 2 and out; channel 1 is already in place. */
    private void writeNear() {
        int from = nearHead * FRAME;
        for (int i = 0; i < FRAME; i++) {
            pair[2 * i + 1] = near[from + i];
        }
        nearHead = (nearHead + 1) % (LAG + 1);
        nearFrames--;
        output.add(pair, 0, pair.length);
    }

    private boolean isSilence(byte[] data, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (data[i] != silence) {
                return false;
            }
        }
        return true;
    }

    /** Far-end bytes skipped because their time had already been written as silence. */
    long farSkipped() {
        return farSkipped;
    }

    /** Far-end bytes dropped because the far end sent faster than real time. */
    long farDropped() {
        return farDropped;
    }
}
