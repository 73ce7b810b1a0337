package org.sipgateway.media;

/**
 * The ITU-T G.711 A-law conversion rules, written the way the ITU-T G.191 reference software
 * ({@code alaw_compress} / {@code alaw_expand}) computes them. {@link G711Codec} runs these once to
 * fill its lookup tables; nothing calls them per sample.
 */
final class ALaw {

    /** G.711 Table 1a: the encoder sees the top 13 bits of a 16-bit sample (sign + 12-bit magnitude). */
    static final int LINEAR_SHIFT = 4;
    static final int SIGN_BIT = 0x80;
    /** G.711 section 3.2: the even bits of every A-law character are inverted on the line. */
    static final int EVEN_BIT_INVERSION = 0x55;
    static final int SEGMENT_MASK = 0x07;
    static final int MANTISSA_MASK = 0x0F;
    /** Segments 0 and 1 share one step size, so a magnitude up to this many steps needs no exponent. */
    private static final int LINEAR_SEGMENT_TOP = 15;
    private static final int LEADING_ONE = 16;

    private ALaw() {
    }

    static int encode(int linear) {
        int magnitude = linear < 0 ? (~linear) >> LINEAR_SHIFT : linear >> LINEAR_SHIFT;
        if (magnitude > LINEAR_SEGMENT_TOP) {
            int exponent = 1;
            while (magnitude > LEADING_ONE + LINEAR_SEGMENT_TOP) {
                magnitude >>= 1;
                exponent++;
            }
            magnitude -= LEADING_ONE;
            magnitude += exponent << 4;
        }
        if (linear >= 0) {
            magnitude |= SIGN_BIT;
        }
        return magnitude ^ EVEN_BIT_INVERSION;
    }

    static int decode(int code) {
        int toggled = (code ^ EVEN_BIT_INVERSION) & 0xFF;
        int exponent = (toggled >> 4) & SEGMENT_MASK;
        int mantissa = toggled & MANTISSA_MASK;
        if (exponent > 0) {
            mantissa += LEADING_ONE;
        }
        int magnitude = (mantissa << 4) + 8;
        if (exponent > 1) {
            magnitude <<= exponent - 1;
        }
        return (toggled & SIGN_BIT) != 0 ? magnitude : -magnitude;
    }
}
