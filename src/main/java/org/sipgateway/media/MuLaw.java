package org.sipgateway.media;

/**
 * The ITU-T G.711 mu-law conversion rules, written the way the ITU-T G.191 reference software
 * ({@code ulaw_compress} / {@code ulaw_expand}) computes them. {@link G711Codec} runs these once to
 * fill its lookup tables; nothing calls them per sample.
 */
final class MuLaw {

    /** G.711 Table 2a: the encoder sees the top 14 bits of a 16-bit sample. */
    static final int LINEAR_SHIFT = 2;
    /** Bias added to the 14-bit magnitude (0x84 = 132 in 16-bit terms) so every segment starts at a power of two. */
    static final int BIAS_14 = 33;
    /** Largest biased 14-bit magnitude; anything above clips (16-bit input above 32635). */
    static final int MAX_BIASED_14 = 0x1FFF;
    static final int SIGN_BIT = 0x80;
    static final int SEGMENT_MASK = 0x07;
    static final int MANTISSA_MASK = 0x0F;
    /** Biased magnitudes below 2^6 fall in the first segment; each further bit moves up one segment. */
    private static final int FIRST_SEGMENT_BITS = 6;
    /** mu-law transmits every bit inverted, so the segment number is counted down from 8. */
    private static final int SEGMENT_COUNT_PLUS_ONE = 8;

    private MuLaw() {
    }

    static int encode(int linear) {
        int magnitude = linear < 0 ? (~linear) >> LINEAR_SHIFT : linear >> LINEAR_SHIFT;
        magnitude += BIAS_14;
        if (magnitude > MAX_BIASED_14) {
            magnitude = MAX_BIASED_14;
        }
        int segment = 1;
        for (int rest = magnitude >> FIRST_SEGMENT_BITS; rest != 0; rest >>= 1) {
            segment++;
        }
        int highNibble = SEGMENT_COUNT_PLUS_ONE - segment;
        int lowNibble = MANTISSA_MASK - ((magnitude >> segment) & MANTISSA_MASK);
        int code = (highNibble << 4) | lowNibble;
        if (linear >= 0) {
            code |= SIGN_BIT;
        }
        return code;
    }

    static int decode(int code) {
        int inverted = ~code;
        int exponent = (inverted >> 4) & SEGMENT_MASK;
        int mantissa = inverted & MANTISSA_MASK;
        int step = 4 << (exponent + 1);
        int magnitude = (0x80 << exponent) + step * mantissa + step / 2 - 4 * BIAS_14;
        return (code & SIGN_BIT) != 0 ? magnitude : -magnitude;
    }
}
