package org.sipgateway.media;

/** Test signals and measurements: sine generation, Goertzel tone power and RMS level. */
final class Tones {

    private Tones() {
    }

    static short[] sine(double frequency, int rate, int length, double amplitude) {
        short[] samples = new short[length];
        for (int i = 0; i < length; i++) {
            samples[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * frequency * i / rate));
        }
        return samples;
    }

    /** Power of one frequency over samples[from, to), by the Goertzel recurrence. */
    static double goertzelPower(short[] samples, int from, int to, double frequency, int rate) {
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

    static double rms(short[] samples, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += (double) samples[i] * samples[i];
        }
        return Math.sqrt(sum / (to - from));
    }

    static double decibels(double powerRatio) {
        return 10 * Math.log10(powerRatio);
    }
}
