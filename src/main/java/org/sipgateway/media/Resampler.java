package org.sipgateway.media;

/**
 * Band-limited sample-rate conversion between any two integer rates.
 *
 * <p>Each output sample is the input convolved with a Kaiser-windowed sinc low-pass evaluated at
 * the output instant. The cut-off sits just under half the lower of the two rates, so converting
 * down removes what would otherwise alias, and converting up does not image. The ratio is reduced
 * to L/M; the L distinct fractional positions get their own precomputed filter row (polyphase),
 * capped at {@link #MAX_PHASES} rows, beyond which the position is rounded to the nearest row.
 */
public final class Resampler {

    /** Cut-off as a fraction of the lower Nyquist frequency: 3.7 kHz when the target is 8 kHz. */
    private static final double CUTOFF_FRACTION = 0.925;
    /** Sinc zero crossings on each side of the centre tap; sets the transition width (about 0.8 kHz at 8 kHz). */
    private static final int ZERO_CROSSINGS = 24;
    /** Kaiser beta for roughly 80 dB stop-band attenuation (Kaiser's formula 0.1102 * (A - 8.7)). */
    private static final double KAISER_BETA = 7.86;
    private static final int MAX_PHASES = 1024;

    private Resampler() {
    }

    /**
     * @return the input at {@code toRate}, {@code round(in.length * toRate / fromRate)} samples long,
     *         clipped to 16 bits; a copy when the rates are equal
     */
    public static short[] resample(short[] in, int fromRate, int toRate) {
        if (in == null) {
            throw new IllegalArgumentException("input samples are null");
        }
        if (fromRate <= 0 || toRate <= 0) {
            throw new IllegalArgumentException("sample rates must be positive: " + fromRate + " -> " + toRate);
        }
        if (fromRate == toRate) {
            return in.clone();
        }
        long outLength = (in.length * (long) toRate + fromRate / 2) / fromRate;
        if (outLength > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("output of " + outLength + " samples does not fit an array");
        }
        int divisor = gcd(fromRate, toRate);
        int up = toRate / divisor;
        int down = fromRate / divisor;

        double cutoff = CUTOFF_FRACTION * Math.min(fromRate, toRate) / fromRate;
        int halfTaps = (int) Math.ceil(ZERO_CROSSINGS / cutoff);
        int phases = Math.min(up, MAX_PHASES);
        float[][] rows = filterRows(phases, halfTaps, cutoff);

        short[] out = new short[(int) outLength];
        int taps = 2 * halfTaps;
        for (int n = 0; n < out.length; n++) {
            long position = (long) n * down;
            long base = position / up;
            int remainder = (int) (position % up);
            float[] row = rows[phases == up ? remainder : (int) (((long) remainder * phases + up / 2) / up)];
            long first = base - halfTaps + 1;
            int start = (int) Math.max(0, -first);
            int end = (int) Math.min(taps, in.length - first);
            double sum = 0;
            for (int k = start; k < end; k++) {
                sum += row[k] * in[(int) (first + k)];
            }
            out[n] = clip(sum);
        }
        return out;
    }

    /**
     * Row r holds the taps for an output instant r/phases of an input sample after the base sample;
     * tap k multiplies input sample base - halfTaps + 1 + k. Row {@code phases} (fraction 1.0) is
     * included so rounding a fine position up never needs special handling.
     */
    private static float[][] filterRows(int phases, int halfTaps, double cutoff) {
        float[][] rows = new float[phases + 1][2 * halfTaps];
        double halfWidth = ZERO_CROSSINGS / cutoff;
        for (int r = 0; r <= phases; r++) {
            double fraction = (double) r / phases;
            double[] taps = new double[2 * halfTaps];
            double gain = 0;
            for (int k = 0; k < taps.length; k++) {
                double t = fraction - (k - halfTaps + 1);
                double ratio = t / halfWidth;
                if (Math.abs(ratio) >= 1) {
                    continue;
                }
                double window = Kaiser.window(KAISER_BETA, Math.sqrt(1 - ratio * ratio));
                taps[k] = cutoff * sinc(cutoff * t) * window;
                gain += taps[k];
            }
            // Exact unity gain at DC for every phase, so a constant input stays constant.
            for (int k = 0; k < taps.length; k++) {
                rows[r][k] = (float) (taps[k] / gain);
            }
        }
        return rows;
    }

    private static double sinc(double x) {
        if (x == 0) {
            return 1;
        }
        double px = Math.PI * x;
        return Math.sin(px) / px;
    }

    private static short clip(double value) {
        long rounded = Math.round(value);
        if (rounded > Short.MAX_VALUE) {
            return Short.MAX_VALUE;
        }
        if (rounded < Short.MIN_VALUE) {
            return Short.MIN_VALUE;
        }
        return (short) rounded;
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int rest = a % b;
            a = b;
            b = rest;
        }
        return a;
    }
}
