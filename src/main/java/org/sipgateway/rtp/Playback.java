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
    private boolean markFlag;
    private int next;
    /** Digits to send as RFC 4733 events; null for audio and marks. */
    private String digits;
    /** Ticks into the digits: {@link DtmfTicks#TICKS_PER_DIGIT} per digit. */
    private int dtmfTick;
    private long eventTimestamp;

    Playback(String fileName, short[] pcm8k, G711Codec codec) {
        this.fileName = fileName;
        this.encoded = new byte[pcm8k.length];
        this.silence = codec.silence();
        codec.encode(pcm8k, 0, encoded, 0, pcm8k.length);
    }

    private Playback(String name) {
        this.fileName = name;
        this.encoded = new byte[0];
        this.silence = 0;
    }

    /** A client's MARK: no audio, a place in the queue that is reported when reached. */
    static Playback mark(String name) {
        Playback source = new Playback(name);
        source.markFlag = true;
        return source;
    }

    boolean isMark() {
        return markFlag;
    }

    /** SEND_DTMF: digits as events, after what is queued before them. */
    static Playback dtmf(String digits) {
        Playback source = new Playback(digits);
        source.digits = digits;
        return source;
    }

    String digits() {
        return digits;
    }

    boolean isDtmf() {
        return digits != null;
    }

    /**
     * A CLEAR while the digits go out: a digit already started still gets its end packets (an
     * event the far end saw begin must end, RFC 4733 §2.5.1.4), the ones after it are dropped.
     * True when a digit is in progress and so these digits stay queued, cut to the digits sent.
     */
    boolean keepOnlyDigitInProgress() {
        int digit = dtmfTick / DtmfTicks.TICKS_PER_DIGIT;
        if (dtmfTick % DtmfTicks.TICKS_PER_DIGIT == 0 || digit >= digits.length()) {
            return false;
        }
        digits = digits.substring(0, digit + 1);
        return true;
    }

    /** The next tick of the digits; false when they are all sent. */
    boolean nextDtmfTick(DtmfTicks.Tick into, long streamTimestamp) {
        int digit = dtmfTick / DtmfTicks.TICKS_PER_DIGIT;
        if (digit >= digits.length()) {
            return false;
        }
        int step = dtmfTick % DtmfTicks.TICKS_PER_DIGIT;
        if (step == 0) {
            eventTimestamp = streamTimestamp;
        }
        DtmfTicks.describe(digits.charAt(digit), step, eventTimestamp, into);
        dtmfTick++;
        return true;
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
