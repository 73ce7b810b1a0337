package org.sipgateway.rtp;

import org.sipgateway.media.G711Codec;

/**
 * Audio encoded in the call's codec, handed out 160 samples (one packet) at a time: a file, or a
 * piece of a client's stream (no name: it reports no events).
 */
final class Playback {

    private final String fileName;
    private final byte[] encoded;
    private final byte silence;
    private final boolean mark;
    private int next;

    Playback(String fileName, short[] pcm8k, G711Codec codec) {
        this.fileName = fileName;
        this.encoded = new byte[pcm8k.length];
        this.silence = codec.silence();
        this.mark = false;
        codec.encode(pcm8k, 0, encoded, 0, pcm8k.length);
    }

    private Playback(String markName) {
        this.fileName = markName;
        this.encoded = new byte[0];
        this.silence = 0;
        this.mark = true;
    }

    /** A client's MARK: no audio, a place in the queue that is reported when reached. */
    static Playback mark(String name) {
        return new Playback(name);
    }

    boolean isMark() {
        return mark;
    }

    String fileName() {
        return fileName;
    }

    /** Packets the whole file takes: the last one is padded with silence. */
    int packets() {
        return (encoded.length + RtpConstants.SAMPLES_PER_PACKET - 1) / RtpConstants.SAMPLES_PER_PACKET;
    }

    /** Samples not yet sent. */
    int remainingSamples() {
        return Math.max(0, encoded.length - next);
    }

    boolean done() {
        return next >= encoded.length;
    }

    /** Fills {@code frame} (160 bytes) with the next packet's payload. */
    void nextFrame(byte[] frame) {
        int available = Math.min(RtpConstants.SAMPLES_PER_PACKET, encoded.length - next);
        System.arraycopy(encoded, next, frame, 0, available);
        for (int i = available; i < RtpConstants.SAMPLES_PER_PACKET; i++) {
            frame[i] = silence;
        }
        next += RtpConstants.SAMPLES_PER_PACKET;
    }
}
