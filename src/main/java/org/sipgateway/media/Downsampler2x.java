package org.sipgateway.media;

/**
 * 16 kHz to 8 kHz for a stream that arrives in pieces: a Kaiser-windowed sinc low-pass just under
 * 4 kHz (as {@link Resampler}, which needs the whole signal at once), then every other sample,
 * with the filter's input history kept between calls. Pieces of odd length are fine: the phase of
 * the decimation carries over. Not thread-safe: one per stream.
 */
public final class Downsampler2x {

    /** Taps on each side of the centre at 16 kHz: 1.5 ms of delay. */
    static final int HALF_TAPS = 24;
    /** Cycles per input sample: 0.925 of the 4 kHz Nyquist frequency of the 8 kHz output, at 16 kHz. */
    private static final double CUTOFF = 0.925 * 0.25;
    private static final double KAISER_BETA = 7.86;
    private static final float[] TAPS = taps();

    private short[] history = new short[2 * HALF_TAPS];
    private boolean odd;

    /** Converts {@code count} input samples; returns how many output samples went to {@code out[outOffset]}. */
    public int process(short[] in, int inOffset, int count, short[] out, int outOffset) {
        int keep = 2 * HALF_TAPS;
        if (history.length < keep + count) {
            short[] grown = new short[keep + count];
            System.arraycopy(history, 0, grown, 0, keep);
            history = grown;
        }
        System.arraycopy(in, inOffset, history, keep, count);
        int written = 0;
        for (int i = 0; i < count; i++) {
            odd = !odd;
            if (!odd) {
                continue;
            }
            // The filter centred HALF_TAPS behind input sample i. Its taps are symmetric, so each
            // pair of samples the same distance either side shares one multiplication.
            int centre = i + HALF_TAPS;
            float sum = TAPS[HALF_TAPS] * history[centre];
            for (int k = 1; k <= HALF_TAPS; k++) {
                sum += TAPS[HALF_TAPS + k] * (history[centre - k] + history[centre + k]);
            }
            out[outOffset + written++] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(sum)));
        }
        System.arraycopy(history, count, history, 0, keep);
        return written;
    }

    private static float[] taps() {
        float[] taps = new float[2 * HALF_TAPS + 1];
        double sum = 0;
        for (int k = 0; k < taps.length; k++) {
            double t = k - HALF_TAPS;
            double sinc = t == 0 ? 2 * CUTOFF : Math.sin(2 * Math.PI * CUTOFF * t) / (Math.PI * t);
            double window = Kaiser.window(KAISER_BETA, Math.sqrt(1 - Math.pow(t / (HALF_TAPS + 1), 2)));
            taps[k] = (float) (sinc * window);
            sum += taps[k];
        }
        for (int k = 0; k < taps.length; k++) {
            taps[k] = (float) (taps[k] / sum);
        }
        return taps;
    }

}
