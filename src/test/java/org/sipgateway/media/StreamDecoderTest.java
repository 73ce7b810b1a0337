package org.sipgateway.media;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.Tones;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A client's audio in pieces of any size becomes whole 20 ms packets of one continuous stream. */
class StreamDecoderTest {


    @Test
    void piecesJoinIntoWholePacketsAt8kHz() {
        short[] tone = Tones.sine(1000, 8000, 1000, 10000);
        StreamDecoder decoder = new StreamDecoder();
        assertEquals(0, decoder.decode(Tones.littleEndian(tone, 0, 100), AudioFormat.L16).length, "not a packet yet");
        short[] first = decoder.decode(Tones.littleEndian(tone, 100, 500), AudioFormat.L16);
        assertEquals(480, first.length, "three packets; 20 samples wait");
        assertArrayEquals(java.util.Arrays.copyOf(tone, 480), first);
        short[] rest = decoder.decode(Tones.littleEndian(tone, 500, 1000), AudioFormat.L16);
        assertEquals(480, rest.length);
        assertEquals(tone[480], rest[0], "the waiting samples come first");
    }

    @Test
    void sixteenKilohertzIsBandLimitedDown() {
        short[] tone = Tones.sine(1000, 16000, 16000, 10000);
        short[] image = Tones.sine(6000, 16000, 16000, 10000);
        short[] mixed = new short[tone.length];
        for (int i = 0; i < mixed.length; i++) {
            mixed[i] = (short) ((tone[i] + image[i]) / 2);
        }
        StreamDecoder decoder = new StreamDecoder();
        short[] out = decoder.decode(Tones.littleEndian(mixed, 0, mixed.length), AudioFormat.L16_16K);
        assertEquals(8000, out.length, "a second at 8 kHz: 50 whole packets");
        // 6 kHz would fold to 2 kHz at 8 kHz unless it was filtered out first.
        double kept = Tones.goertzelPower(out, 100, out.length, 1000, 8000);
        double folded = Tones.goertzelPower(out, 100, out.length, 2000, 8000);
        assertTrue(Tones.decibels(kept / folded) > 50, "alias only " + Tones.decibels(kept / folded) + " dB down");
    }
}
