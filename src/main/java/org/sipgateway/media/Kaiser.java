package org.sipgateway.media;

/** The Kaiser window of the resamplers' low-pass filters ({@link Resampler}, {@link Upsampler2x}, {@link Downsampler2x}). */
final class Kaiser {

    private static final double TOLERANCE = 1e-12;

    private Kaiser() {
    }

    /** The window's value where {@code root} is sqrt(1 - (t / half-length)^2), normalised to 1 at the centre. */
    static double window(double beta, double root) {
        return bessel(beta * root) / bessel(beta);
    }

    /** Modified Bessel function of the first kind, order 0, by its series. */
    private static double bessel(double x) {
        double sum = 1;
        double term = 1;
        double halfX = x / 2;
        for (int k = 1; term > TOLERANCE * sum; k++) {
            double factor = halfX / k;
            term *= factor * factor;
            sum += term;
        }
        return sum;
    }
}
