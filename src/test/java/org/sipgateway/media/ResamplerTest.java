package org.sipgateway.media;

import org.sipgateway.support.Tones;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResamplerTest {

    @ParameterizedTest
    @CsvSource({
        "44100, 8000, 4410, 800",
        "44100, 8000, 4411, 800",
        "44100, 8000, 4414, 801",
        "16000, 8000, 4001, 2001",
        "11025, 8000, 1000, 726",
        "96000, 8000, 1201, 100",
        "8001,  8000, 8001, 8000",
        "8000,  16000, 10,  20",
        "22050, 8000, 0,    0",
    })
    void outputLengthIsTheRoundedRatio(int from, int to, int inLength, int outLength) {
        assertEquals(outLength, Resampler.resample(new short[inLength], from, to).length);
    }

    @Test
    void equalRatesGiveACopy() {
        short[] in = {1, 2, 3};
        short[] out = Resampler.resample(in, 8000, 8000);
        assertArrayEquals(in, out);
        assertNotSame(in, out);
    }

    @ParameterizedTest
    @CsvSource({"44100", "48000", "16000", "11025", "96000", "8001"})
    void constantInputStaysConstant(int from) {
        short[] in = new short[from / 10];
        Arrays.fill(in, (short) 10000);
        short[] out = Resampler.resample(in, from, 8000);
        for (int i = 100; i < out.length - 100; i++) {
            assertTrue(Math.abs(out[i] - 10000) <= 1, from + " Hz: sample " + i + " = " + out[i]);
        }
    }

    @ParameterizedTest
    @CsvSource({"44100", "48000", "22050", "16000", "32000", "96000", "12345"})
    void lowTonesKeepShapeAndTiming(int from) {
        // A 200 Hz tone is far inside the pass band, so the output must match the same sine sampled at 8 kHz.
        short[] in = Tones.sine(200, from, from / 5, 20000);
        short[] out = Resampler.resample(in, from, 8000);
        short[] ideal = Tones.sine(200, 8000, out.length, 20000);
        for (int i = 200; i < out.length - 200; i++) {
            assertTrue(Math.abs(out[i] - ideal[i]) <= 60, from + " Hz: sample " + i + " is " + out[i]
                + ", expected " + ideal[i]);
        }
    }

    @ParameterizedTest
    @CsvSource({"4500", "5000", "7000", "10000", "20000"})
    void stopBandTonesAt44100AreSuppressed(int frequency) {
        short[] in = Tones.sine(frequency, 44100, 44100 / 4, 16000);
        short[] out = Resampler.resample(in, 44100, 8000);
        double attenuation = -2 * Tones.decibels(Tones.rms(out, 200, out.length - 200) / Tones.rms(in, 0, in.length));
        assertTrue(attenuation >= 60, frequency + " Hz only attenuated by " + attenuation + " dB");
    }

    @Test
    void upsamplingDoesNotImage() {
        short[] in = Tones.sine(1000, 8000, 2000, 16000);
        short[] out = Resampler.resample(in, 8000, 16000);
        assertEquals(4000, out.length);
        double tone = Tones.goertzelPower(out, 400, 3600, 1000, 16000);
        double image = Tones.goertzelPower(out, 400, 3600, 7000, 16000);
        assertTrue(Tones.decibels(tone / image) > 60);
        double change = 2 * Tones.decibels(Tones.rms(out, 400, 3600) / Tones.rms(in, 0, in.length));
        assertTrue(Math.abs(change) < 0.2, "level changed by " + change + " dB");
    }

    @Test
    void overshootIsClippedNotWrapped() {
        // A full-scale square wave rings past full scale after band-limiting (Gibbs); it must saturate.
        int from = 44100;
        short[] in = new short[from / 10];
        for (int i = 0; i < in.length; i++) {
            in[i] = (i / 441) % 2 == 0 ? Short.MAX_VALUE : Short.MIN_VALUE;
        }
        short[] out = Resampler.resample(in, from, 8000);
        boolean sawPositiveClip = false;
        boolean sawNegativeClip = false;
        for (int i = 50; i < out.length - 50; i++) {
            int inputIndex = (int) ((long) i * from / 8000);
            int phase = inputIndex % 441;
            if (phase > 100 && phase < 340) {
                boolean high = (inputIndex / 441) % 2 == 0;
                assertTrue(high ? out[i] > 30000 : out[i] < -30000, "sample " + i + " = " + out[i]);
            }
            sawPositiveClip |= out[i] == Short.MAX_VALUE;
            sawNegativeClip |= out[i] == Short.MIN_VALUE;
        }
        assertTrue(sawPositiveClip && sawNegativeClip);
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> Resampler.resample(null, 8000, 8000));
        assertThrows(IllegalArgumentException.class, () -> Resampler.resample(new short[1], 0, 8000));
        assertThrows(IllegalArgumentException.class, () -> Resampler.resample(new short[1], 8000, -1));
    }
}
