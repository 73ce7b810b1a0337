package org.sipgateway.media;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.Tones;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** 8 -> 16 kHz in 20 ms pieces: the same as in one piece, the tone kept, its image removed. */
class Upsampler2xTest {

    private static short[] upsample(short[] in, int piece) {
        Upsampler2x upsampler = new Upsampler2x();
        short[] out = new short[2 * in.length];
        for (int at = 0; at < in.length; at += piece) {
            upsampler.process(in, at, Math.min(piece, in.length - at), out, 2 * at);
        }
        return out;
    }

    @Test
    void framesJoinWithoutATraceAndTheImageIsGone() {
        short[] tone = Tones.sine(1000, 8000, 8000, 12000);
        short[] whole = upsample(tone, tone.length);
        short[] framed = upsample(tone, 160);
        assertArrayEquals(whole, framed, "20 ms pieces give the same stream as one piece");

        int from = 2 * 2 * Upsampler2x.HALF_TAPS;
        double wanted = Tones.goertzelPower(framed, from, framed.length, 1000, 16000);
        double image = Tones.goertzelPower(framed, from, framed.length, 7000, 16000);
        assertTrue(Tones.decibels(wanted / image) > 60, "image at 7 kHz only " + Tones.decibels(wanted / image) + " dB down");
        double inputRms = Tones.rms(tone, 0, tone.length);
        double outputRms = Tones.rms(framed, from, framed.length);
        assertTrue(Math.abs(outputRms / inputRms - 1) < 0.02, "level kept: " + outputRms + " against " + inputRms);
    }
}
