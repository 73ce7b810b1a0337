package org.sipgateway.media;

/** The Kaiser window of the streaming resamplers' filters. */
final class Kaiser {

    private Kaiser() {
    }

    /** The window's value where {@code root} is sqrt(1 - (t / half-length)^2), normalised to 1 at the centre. */
    static double window(double beta, double root) {
        return bessel(beta * root) / bessel(beta);
    }

    /** Modified Bessel function of the first kind, order 0, by its series. */
    private static double bessel(double x) {
        double term = 1;
        double sum = 1;
        for (int k = 1; term > 1e-12 * sum; k++) {
            term *= (x / (2 * k)) * (x / (2 * k));
            sum += term;
        }
        return sum;
    }
}
