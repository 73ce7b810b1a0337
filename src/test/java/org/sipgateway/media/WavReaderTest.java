package org.sipgateway.media;

import org.sipgateway.support.Tones;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WavReaderTest {

    private static final int RATE = 8000;
    /** The sox fixtures are made with "vol 0.5": a 16384 peak, about -9 dBFS RMS. */
    private static final double FIXTURE_RMS = 16384 / Math.sqrt(2);

    @ParameterizedTest
    @CsvSource({
        "pcm16-8k-mono-1k.wav,     2000",
        "pcm16-44k1-stereo-1k.wav, 800",
        "pcm16-16k-mono-1k.wav,    2000",
        "mulaw-8k-1k.wav,          2000",
        "alaw-8k-1k.wav,           2000",
    })
    void oneKilohertzToneComesOutAtEightKilohertz(String name, int expectedLength) throws WavFormatException {
        short[] audio = WavReader.readMono8k(WavBytes.fixture(name));

        assertEquals(expectedLength, audio.length);
        // 600 samples in the middle: a whole number of 1 kHz periods, clear of the filter's edge transients.
        int from = (audio.length - 600) / 2;
        int to = from + 600;
        double tone = Tones.goertzelPower(audio, from, to, 1000, RATE);
        for (int harmonic : new int[] {2000, 3000}) {
            double other = Tones.goertzelPower(audio, from, to, harmonic, RATE);
            double margin = Tones.decibels(tone / other);
            assertTrue(margin > 20, name + ": 1 kHz only " + margin + " dB above " + harmonic + " Hz");
        }
        double levelDb = 2 * Tones.decibels(Tones.rms(audio, from, to) / FIXTURE_RMS);
        assertTrue(Math.abs(levelDb) < 1, name + ": level off by " + levelDb + " dB");
    }

    @Test
    void eightKilohertzPcmIsReturnedSampleForSample() throws WavFormatException {
        short[] samples = {0, 1, -1, Short.MAX_VALUE, Short.MIN_VALUE, 12345};
        assertArrayEquals(samples, WavReader.readMono8k(WavBytes.pcm16File(RATE, 1, samples)));
    }

    @Test
    void g711IsDecodedWithTheCodec() throws WavFormatException {
        byte[] file = WavBytes.fixture("alaw-8k-1k.wav");
        WavInfo info = WavParser.parse(file);
        short[] audio = WavReader.readMono8k(file);
        for (int i = 0; i < info.frames(); i++) {
            assertEquals(G711Codec.PCMA.decode(file[info.dataOffset() + i]), audio[i], "sample " + i);
        }
    }

    @Test
    void stereoIsDownmixedByAveraging() throws WavFormatException {
        short[] interleaved = {1000, 3000, -2000, 2000, Short.MAX_VALUE, Short.MAX_VALUE,
            Short.MIN_VALUE, Short.MIN_VALUE, 7, 8};
        short[] mono = WavReader.readMono8k(WavBytes.pcm16File(RATE, 2, interleaved));
        assertArrayEquals(new short[] {2000, 0, Short.MAX_VALUE, Short.MIN_VALUE, 7}, mono);
    }

    @Test
    void oppositeChannelsCancel() throws WavFormatException {
        short[] opposite = Tones.sine(1000, RATE, 400, 10000);
        short[] interleaved = new short[opposite.length * 2];
        for (int i = 0; i < opposite.length; i++) {
            interleaved[2 * i] = opposite[i];
            interleaved[2 * i + 1] = (short) -opposite[i];
        }
        short[] cancelled = WavReader.readMono8k(WavBytes.pcm16File(RATE, 2, interleaved));
        assertEquals(400, cancelled.length);
        assertTrue(Arrays.stream(toInts(cancelled)).allMatch(s -> s == 0));
    }

    @Test
    void stereoG711IsDownmixed() throws WavFormatException {
        byte[] codes = {G711Codec.PCMU.encode((short) 1000), G711Codec.PCMU.encode((short) 3000)};
        byte[] file = WavBytes.riffWave().chunk("fmt ", WavBytes.fmtBody(7, 2, RATE, 2, 8)).chunk("data", codes).build();
        int expected = (G711Codec.PCMU.decode(codes[0]) + G711Codec.PCMU.decode(codes[1])) / 2;
        assertArrayEquals(new short[] {(short) expected}, WavReader.readMono8k(file));
    }

    @Test
    void fiveKilohertzAt44100DoesNotAliasIntoTheTelephoneBand() throws WavFormatException {
        int rate = 44100;
        short[] tone = Tones.sine(5000, rate, rate / 4, 16000);
        short[] audio = WavReader.readMono8k(WavBytes.pcm16File(rate, 1, tone));

        assertEquals(2000, audio.length);
        double inputRms = Tones.rms(tone, 0, tone.length);
        double outputRms = Tones.rms(audio, 200, 1800);
        double attenuation = -2 * Tones.decibels(outputRms / inputRms);
        assertTrue(attenuation >= 30, "5 kHz only attenuated by " + attenuation + " dB");
    }

    @Test
    void oneKilohertzAt44100KeepsItsLevel() throws WavFormatException {
        int rate = 44100;
        short[] tone = Tones.sine(1000, rate, rate / 4, 16000);
        short[] audio = WavReader.readMono8k(WavBytes.pcm16File(rate, 1, tone));

        double change = 2 * Tones.decibels(Tones.rms(audio, 200, 1800) / Tones.rms(tone, 0, tone.length));
        assertTrue(Math.abs(change) <= 1, "1 kHz level changed by " + change + " dB");
    }

    @Test
    void refusedFilesPropagateTheReason() {
        WavFormatException thrown = assertThrows(WavFormatException.class,
            () -> WavReader.readMono8k(WavBytes.fixture("ima-adpcm-8k.wav")));
        assertTrue(thrown.getMessage().startsWith("IMA ADPCM (format 0x0011) is not supported"));
    }

    private static int[] toInts(short[] samples) {
        int[] ints = new int[samples.length];
        for (int i = 0; i < samples.length; i++) {
            ints[i] = samples[i];
        }
        return ints;
    }
}
