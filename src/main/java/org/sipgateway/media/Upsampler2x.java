package org.sipgateway.media;

/**
 * 8 kHz to 16 kHz for a stream that arrives 20 ms at a time: the same band-limited conversion as
 * {@link Resampler} (a Kaiser-windowed sinc low-pass just under 4 kHz), but keeping the last
 * input samples between calls so frame edges leave no trace. Output even samples are the input
 * delayed by {@link #HALF_TAPS} samples; odd samples are interpolated half-way. Not thread-safe:
 * one per stream.
 */
public final class Upsampler2x {

    /** Taps on each side of an interpolated point; 3 ms of delay at 8 kHz. */
    static final int HALF_TAPS = 24;
    private static final double CUTOFF_FRACTION = 0.925;
    private static final double KAISER_BETA = 7.86;

    private static final float[] HALF_POINT = halfPointTaps();

    /** The last 2 x HALF_TAPS input samples, oldest first, then room for the new ones. */
    private short[] history = new short[2 * HALF_TAPS];

    /** Converts {@code count} samples into {@code 2 * count} at {@code out[outOffset]}. */
    public void process(short[] in, int inOffset, int count, short[] out, int outOffset) {
        int keep = 2 * HALF_TAPS;
        if (history.length < keep + count) {
            short[] grown = new short[keep + count];
            System.arraycopy(history, 0, grown, 0, keep);
            history = grown;
        }
        System.arraycopy(in, inOffset, history, keep, count);
        for (int i = 0; i < count; i++) {
            // The sample HALF_TAPS behind the newest one known at step i, and the point after it.
            int centre = i + HALF_TAPS;
            out[outOffset + 2 * i] = history[centre];
            double sum = 0;
            for (int k = 0; k < 2 * HALF_TAPS; k++) {
                sum += HALF_POINT[k] * history[centre - HALF_TAPS + 1 + k];
            }
            out[outOffset + 2 * i + 1] = clip(sum);
        }
        System.arraycopy(history, count, history, 0, keep);
    }

    /** Resets the stream, e.g. when the session switches format. */
    public void reset() {
        java.util.Arrays.fill(history, (short) 0);
    }

    private static short clip(double value) {
        long rounded = Math.round(value);
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, rounded));
    }

    /** Filter taps for the point half-way between input samples, at offsets -HALF_TAPS+0.5 .. HALF_TAPS-0.5. */
    private static float[] halfPointTaps() {
        float[] taps = new float[2 * HALF_TAPS];
        double cutoff = CUTOFF_FRACTION;
        double sum = 0;
        for (int k = 0; k < taps.length; k++) {
            double t = k - HALF_TAPS + 0.5;
            double sinc = Math.sin(Math.PI * cutoff * t) / (Math.PI * t);
            double window = Kaiser.window(KAISER_BETA, Math.sqrt(1 - Math.pow(t / (HALF_TAPS + 0.5), 2)));
            taps[k] = (float) (sinc * window);
            sum += taps[k];
        }
        for (int k = 0; k < taps.length; k++) {
            taps[k] = (float) (taps[k] / sum);
        }
        return taps;
    }

}
