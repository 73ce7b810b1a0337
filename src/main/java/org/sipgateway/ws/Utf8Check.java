package org.sipgateway.ws;

/**
 * Incremental UTF-8 validation across a message's fragments (the WHATWG decoder's state machine:
 * rejects overlong forms, surrogates and code points above U+10FFFF). RFC 6455 §8.1 requires the
 * connection to fail on invalid UTF-8 in a text message; Vert.x decodes it with U+FFFD instead.
 */
final class Utf8Check {

    private int needed;
    private int lower = 0x80;
    private int upper = 0xBF;

    void reset() {
        needed = 0;
        lower = 0x80;
        upper = 0xBF;
    }

    /** False as soon as the bytes so far cannot be the start of valid UTF-8. */
    boolean accept(byte value) {
        int b = value & 0xff;
        if (needed == 0) {
            if (b < 0x80) {
                return true;
            }
            if (b >= 0xC2 && b <= 0xDF) {
                needed = 1;
            } else if (b >= 0xE0 && b <= 0xEF) {
                lower = b == 0xE0 ? 0xA0 : 0x80;
                upper = b == 0xED ? 0x9F : 0xBF;
                needed = 2;
            } else if (b >= 0xF0 && b <= 0xF4) {
                lower = b == 0xF0 ? 0x90 : 0x80;
                upper = b == 0xF4 ? 0x8F : 0xBF;
                needed = 3;
            } else {
                return false;
            }
            return true;
        }
        if (b < lower || b > upper) {
            return false;
        }
        lower = 0x80;
        upper = 0xBF;
        needed--;
        return true;
    }

    /** True when no multi-byte sequence is left open (checked at the end of a message). */
    boolean complete() {
        return needed == 0;
    }
}
