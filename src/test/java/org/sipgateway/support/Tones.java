package org.sipgateway.support;

/** Test signals and measurements: sine generation, Goertzel tone power and RMS level. */
public final class Tones {

    private Tones() {
    }

    public static short[] sine(double frequency, int rate, int length, double amplitude) {
        short[] samples = new short[length];
        for (int i = 0; i < length; i++) {
            samples[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * frequency * i / rate));
        }
        return samples;
    }

    /** samples[from, to) as 16-bit little-endian PCM bytes, the l16 formats of PROTOCOL.md §6. */
    public static byte[] littleEndian(short[] samples, int from, int to) {
        byte[] bytes = new byte[2 * (to - from)];
        for (int i = from; i < to; i++) {
            bytes[2 * (i - from)] = (byte) samples[i];
            bytes[2 * (i - from) + 1] = (byte) (samples[i] >> 8);
        }
        return bytes;
    }

    /** {@code millis} of a 700 Hz tone at 8 kHz as l16 bytes. */
    public static byte[] l16Tone(int millis) {
        short[] samples = sine(700, 8000, 8 * millis, 10000);
        return littleEndian(samples, 0, samples.length);
    }

    /** Power of one frequency over samples[from, to), by the Goertzel recurrence. */
    public static double goertzelPower(short[] samples, int from, int to, double frequency, int rate) {
        double coefficient = 2 * Math.cos(2 * Math.PI * frequency / rate);
        double previous = 0;
        double beforePrevious = 0;
        for (int i = from; i < to; i++) {
            double current = samples[i] + coefficient * previous - beforePrevious;
            beforePrevious = previous;
            previous = current;
        }
        return previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious;
    }

    /** A tone's frequency over samples[from, to) from its sign changes: half their count per second. */
    public static double zeroCrossingFrequency(short[] samples, int from, int to, int rate) {
        int crossings = 0;
        for (int i = from + 1; i < to; i++) {
            if ((samples[i - 1] < 0) != (samples[i] < 0)) {
                crossings++;
            }
        }
        return crossings / 2.0 * rate / (to - from - 1);
    }

    /**
     * The loud part of a recording, in frames of {@code frameLength} samples: the first and last
     * frame whose RMS level is above the threshold, and how many frames between them are not.
     */
    public record LoudSpan(int first, int last, int quietInside) {
        public int frames() {
            return first < 0 ? 0 : last - first + 1;
        }
    }

    public static LoudSpan loudSpan(short[] samples, int frameLength, double level) {
        int first = -1;
        int last = -1;
        int loud = 0;
        for (int i = 0; i < samples.length / frameLength; i++) {
            if (rms(samples, i * frameLength, (i + 1) * frameLength) > level) {
                first = first < 0 ? i : first;
                last = i;
                loud++;
            }
        }
        return new LoudSpan(first, last, first < 0 ? 0 : last - first + 1 - loud);
    }

    public static double rms(short[] samples, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += (double) samples[i] * samples[i];
        }
        return Math.sqrt(sum / (to - from));
    }

    public static double decibels(double powerRatio) {
        return 10 * Math.log10(powerRatio);
    }

    /**
     * How far (dB) the power at {@code frequency} stands above the strongest of its octave
     * neighbours and harmonics: a clean tone gives tens of dB, noise or another tone gives ~0 or less.
     */
    public static double dominanceDb(short[] samples, double frequency, int rate) {
        double tone = goertzelPower(samples, 0, samples.length, frequency, rate);
        double other = 1e-9;
        for (double factor : new double[] {0.5, 0.75, 1.5, 2, 3}) {
            double f = frequency * factor;
            if (f < rate / 2.0) {
                other = Math.max(other, goertzelPower(samples, 0, samples.length, f, rate));
            }
        }
        return decibels(tone / other);
    }
}
