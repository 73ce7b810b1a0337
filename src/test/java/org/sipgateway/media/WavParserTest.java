package org.sipgateway.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WavParserTest {

    private static final String ONLY = " is not supported (only 16-bit PCM, mu-law, A-law)";
    private static final byte[] TWO_FRAMES = {1, 2, 3, 4};

    @ParameterizedTest
    @CsvSource({
        "pcm16-8k-mono-1k.wav,       PCM16, 8000,  1, 44, 4000,  2000, 250",
        "pcm16-44k1-stereo-1k.wav,   PCM16, 44100, 2, 44, 17640, 4410, 100",
        "pcm16-16k-mono-1k.wav,      PCM16, 16000, 1, 44, 8000,  4000, 250",
        "mulaw-8k-1k.wav,            MULAW, 8000,  1, 58, 2000,  2000, 250",
        "alaw-8k-1k.wav,             ALAW,  8000,  1, 58, 2000,  2000, 250",
    })
    void acceptsSoxFixtures(String name, WavEncoding encoding, int rate, int channels, int offset, int length,
                            int frames, long millis) throws WavFormatException {
        WavInfo info = WavParser.parse(WavBytes.fixture(name));
        assertEquals(new WavInfo(encoding, rate, channels, offset, length, frames), info);
        assertEquals(millis, info.durationMillis());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "pcm24-8k.wav      | 24-bit PCM" + ONLY,
        "pcm8-8k.wav       | 8-bit PCM" + ONLY,
        "float32-8k.wav    | 32-bit float (format 0x0003)" + ONLY,
        "ima-adpcm-8k.wav  | IMA ADPCM (format 0x0011)" + ONLY,
        "ms-adpcm-8k.wav   | MS ADPCM (format 0x0002)" + ONLY,
        "gsm610-8k.wav     | GSM 6.10 (format 0x0031)" + ONLY,
        "mulaw-16k.wav     | mu-law at 16000 Hz is not supported (only 8000 Hz)",
        "pcm16-8k-3ch.wav  | 3 channels are not supported (only mono or stereo)",
    })
    void refusesSoxFixturesNamingWhatTheyAre(String name, String reason) {
        assertRefused(reason, WavBytes.fixture(name));
    }

    @Test
    void skipsListChunksBeforeAndAfterFmt() throws WavFormatException {
        byte[] list = WavBytes.empty().fourCc("INFO").fourCc("ISFT").u32(4).fourCc("test").bytes();
        byte[] file = WavBytes.riffWave()
            .chunk("LIST", list)
            .chunk("fmt ", WavBytes.pcm16Fmt(1, 8000))
            .chunk("LIST", list)
            .chunk("data", TWO_FRAMES)
            .chunk("LIST", list)
            .build();
        WavInfo info = WavParser.parse(file);
        assertEquals(12 + 8 + list.length + 8 + 16 + 8 + list.length + 8, info.dataOffset());
        assertEquals(2, info.frames());
        assertEquals(4, info.dataLength());
    }

    @Test
    void skipsFactChunk() throws WavFormatException {
        byte[] file = WavBytes.riffWave()
            .chunk("fmt ", WavBytes.fmtBody(7, 1, 8000, 1, 8))
            .chunk("fact", WavBytes.empty().u32(4).bytes())
            .chunk("data", TWO_FRAMES)
            .build();
        assertEquals(new WavInfo(WavEncoding.MULAW, 8000, 1, 56, 4, 4), WavParser.parse(file));
    }

    @Test
    void skipsOddSizedChunkAndItsPadByte() throws WavFormatException {
        byte[] file = WavBytes.riffWave()
            .chunk("fmt ", WavBytes.pcm16Fmt(1, 8000))
            .chunk("junk", new byte[] {9, 9, 9})
            .chunk("data", TWO_FRAMES)
            .build();
        assertEquals(12 + 24 + 8 + 3 + 1 + 8, WavParser.parse(file).dataOffset());
    }

    @Test
    void acceptsExtensiblePcm16() throws WavFormatException {
        byte[] file = WavBytes.riffWave()
            .chunk("fmt ", WavBytes.extensibleBody(1, 2, 48000, 16))
            .chunk("data", new byte[8])
            .build();
        assertEquals(new WavInfo(WavEncoding.PCM16, 48000, 2, 68, 8, 2), WavParser.parse(file));
    }

    @Test
    void refusesExtensibleFloatAndShortExtensible() {
        assertRefused("WAVE_FORMAT_EXTENSIBLE with sub-format 32-bit float (format 0x0003)" + ONLY,
            WavBytes.riffWave().chunk("fmt ", WavBytes.extensibleBody(3, 1, 8000, 32))
                .chunk("data", TWO_FRAMES).build());
        byte[] shortExtensible = Arrays.copyOf(WavBytes.extensibleBody(1, 1, 8000, 16), 18);
        assertRefused("WAVE_FORMAT_EXTENSIBLE fmt chunk is 18 bytes, too short for its sub-format (needs 40)",
            WavBytes.riffWave().chunk("fmt ", shortExtensible).chunk("data", TWO_FRAMES).build());
        byte[] oddGuid = WavBytes.extensibleBody(1, 1, 8000, 16);
        oddGuid[39] = 0;
        assertRefused("WAVE_FORMAT_EXTENSIBLE with a non-standard sub-format GUID" + ONLY,
            WavBytes.riffWave().chunk("fmt ", oddGuid).chunk("data", TWO_FRAMES).build());
    }

    @Test
    void dataSizeLargerThanFileIsReadToTheEndInWholeFrames() throws WavFormatException {
        byte[] file = WavBytes.riffWave()
            .chunk("fmt ", WavBytes.pcm16Fmt(2, 8000))
            .chunk("data", 100_000, new byte[11])
            .build();
        // 11 data bytes plus the builder's pad byte are present: 3 whole 4-byte frames.
        WavInfo info = WavParser.parse(file);
        assertEquals(3, info.frames());
        assertEquals(12, info.dataLength());
        assertEquals(44, info.dataOffset());
    }

    @Test
    void dataSizeAllOnesIsReadToTheEnd() throws WavFormatException {
        byte[] file = WavBytes.riffWave()
            .chunk("fmt ", WavBytes.fmtBody(6, 1, 8000, 1, 8))
            .chunk("data", 0xFFFFFFFFL, new byte[1000])
            .build();
        WavInfo info = WavParser.parse(file);
        assertEquals(1000, info.frames());
        assertEquals(125, info.durationMillis());
    }

    @Test
    void hugeUnknownChunkSizeDoesNotOverflow() {
        byte[] file = WavBytes.riffWave()
            .chunk("fmt ", WavBytes.pcm16Fmt(1, 8000))
            .chunk("LIST", 0xFFFFFFFFL, new byte[4])
            .chunk("data", TWO_FRAMES)
            .build();
        assertRefused("data chunk missing", file);
    }

    @Test
    void truncatedHeaders() {
        assertRefused("file shorter than a WAV header (0 of 12 bytes)", new byte[0]);
        assertRefused("file shorter than a WAV header (11 of 12 bytes)",
            Arrays.copyOf(WavBytes.fixture("pcm16-8k-mono-1k.wav"), 11));
        assertRefused("fmt chunk missing", Arrays.copyOf(WavBytes.fixture("pcm16-8k-mono-1k.wav"), 12));
        assertRefused("fmt chunk truncated: it declares 16 bytes but only 10 remain in the file",
            Arrays.copyOf(WavBytes.fixture("pcm16-8k-mono-1k.wav"), 30));
        assertRefused("data chunk missing", Arrays.copyOf(WavBytes.fixture("pcm16-8k-mono-1k.wav"), 40));
        assertRefused("no audio in data chunk", Arrays.copyOf(WavBytes.fixture("pcm16-8k-mono-1k.wav"), 45));
        assertRefused("no file content", null);
    }

    @Test
    void fmtAfterDataIsRefused() {
        byte[] file = WavBytes.riffWave()
            .chunk("data", TWO_FRAMES)
            .chunk("fmt ", WavBytes.pcm16Fmt(1, 8000))
            .build();
        assertRefused("data chunk comes before the fmt chunk", file);
    }

    @Test
    void missingChunksAreRefused() {
        assertRefused("data chunk missing",
            WavBytes.riffWave().chunk("fmt ", WavBytes.pcm16Fmt(1, 8000)).chunk("LIST", new byte[4]).build());
        assertRefused("fmt chunk missing", WavBytes.riffWave().chunk("LIST", new byte[4]).build());
        assertRefused("more than one fmt chunk", WavBytes.riffWave()
            .chunk("fmt ", WavBytes.pcm16Fmt(1, 8000)).chunk("fmt ", WavBytes.pcm16Fmt(1, 8000))
            .chunk("data", TWO_FRAMES).build());
    }

    @Test
    void shortFmtChunkIsRefused() {
        byte[] file = WavBytes.riffWave()
            .chunk("fmt ", Arrays.copyOf(WavBytes.pcm16Fmt(1, 8000), 14))
            .chunk("data", TWO_FRAMES)
            .build();
        assertRefused("fmt chunk is 14 bytes, shorter than the 16-byte minimum", file);
    }

    @Test
    void channelCountsAreChecked() {
        assertRefused("fmt chunk declares 0 channels", withFmt(WavBytes.fmtBody(1, 0, 8000, 2, 16)));
        assertRefused("6 channels are not supported (only mono or stereo)",
            withFmt(WavBytes.fmtBody(1, 6, 8000, 12, 16)));
    }

    @Test
    void blockAlignMismatchIsRefused() {
        assertRefused("blockAlign 3 does not match 1 channel(s) of 16-bit samples (expected 2)",
            withFmt(WavBytes.fmtBody(1, 1, 8000, 3, 16)));
        assertRefused("blockAlign 1 does not match 2 channel(s) of 8-bit samples (expected 2)",
            withFmt(WavBytes.fmtBody(7, 2, 8000, 1, 8)));
    }

    @Test
    void sampleRatesAreChecked() throws WavFormatException {
        assertEquals(8000, WavParser.parse(withFmt(WavBytes.pcm16Fmt(1, 8000))).sampleRate());
        assertEquals(96000, WavParser.parse(withFmt(WavBytes.pcm16Fmt(1, 96000))).sampleRate());
        assertRefused("16-bit PCM at 7999 Hz is not supported (only 8000 to 96000 Hz)",
            withFmt(WavBytes.pcm16Fmt(1, 7999)));
        assertRefused("16-bit PCM at 96001 Hz is not supported (only 8000 to 96000 Hz)",
            withFmt(WavBytes.pcm16Fmt(1, 96001)));
        assertRefused("16-bit PCM at 4294967295 Hz is not supported (only 8000 to 96000 Hz)",
            withFmt(WavBytes.fmtBody(1, 1, 0xFFFFFFFFL, 2, 16)));
        assertRefused("A-law at 11025 Hz is not supported (only 8000 Hz)",
            withFmt(WavBytes.fmtBody(6, 1, 11025, 1, 8)));
    }

    @Test
    void g711MustBeEightBit() throws WavFormatException {
        assertRefused("mu-law with 16 bits per sample is not supported (only 8-bit)",
            withFmt(WavBytes.fmtBody(7, 1, 8000, 2, 16)));
        assertEquals(new WavInfo(WavEncoding.ALAW, 8000, 2, 44, 4, 2),
            WavParser.parse(withFmt(WavBytes.fmtBody(6, 2, 8000, 2, 8))));
    }

    @Test
    void refusesNonWaveContainers() {
        assertRefused("big-endian RIFX files are not supported",
            WavBytes.empty().fourCc("RIFX").u32(4).fourCc("WAVE").bytes());
        assertRefused("RIFF form type is 'AVI ', not WAVE",
            WavBytes.empty().fourCc("RIFF").u32(4).fourCc("AVI ").bytes());
        assertRefused("RIFF chunk id missing (file starts with 'ID3\\x03')",
            WavBytes.empty().fourCc("ID3").raw(3).u32(0).u32(0).bytes());
        assertRefused("RF64 (64-bit RIFF) files are not supported",
            WavBytes.empty().fourCc("RF64").u32(0xFFFFFFFFL).fourCc("WAVE").bytes());
    }

    @Test
    void zeroFrameDataIsRefused() {
        assertRefused("no audio in data chunk", WavBytes.riffWave()
            .chunk("fmt ", WavBytes.pcm16Fmt(1, 8000)).chunk("data", new byte[0]).build());
        assertRefused("no audio in data chunk", WavBytes.riffWave()
            .chunk("fmt ", WavBytes.pcm16Fmt(2, 8000)).chunk("data", new byte[3]).build());
    }

    @Test
    void randomAndMutatedInputsOnlyYieldInfoOrWavFormatException() {
        Random random = new Random(20240611L);
        List<byte[]> seeds = new ArrayList<>();
        for (String name : List.of("pcm16-8k-mono-1k.wav", "mulaw-8k-1k.wav", "pcm24-8k.wav",
                "ima-adpcm-8k.wav", "ms-adpcm-8k.wav", "pcm16-8k-3ch.wav")) {
            seeds.add(Arrays.copyOf(WavBytes.fixture(name), 200));
        }
        seeds.add(WavBytes.riffWave().chunk("LIST", new byte[5]).chunk("fmt ", WavBytes.extensibleBody(1, 2, 44100, 16))
            .chunk("data", new byte[64]).build());
        seeds.add(WavBytes.riffWave().chunk("fmt ", WavBytes.pcm16Fmt(1, 22050)).chunk("data", new byte[64]).build());

        int accepted = 0;
        for (int round = 0; round < 4000; round++) {
            byte[] input = round % 4 == 0 ? randomBytes(random) : mutate(seeds.get(random.nextInt(seeds.size())), random);
            try {
                WavInfo info = WavParser.parse(input);
                assertSane(info, input);
                long expectedLength = Math.round(info.frames() * 8000.0 / info.sampleRate());
                assertEquals(expectedLength, WavReader.readMono8k(input).length, 1.0, info.toString());
                accepted++;
            } catch (WavFormatException expected) {
                assertTrue(expected.getMessage() != null && !expected.getMessage().isBlank());
            } catch (RuntimeException unexpected) {
                fail("round " + round + " threw " + unexpected + " for " + Arrays.toString(input), unexpected);
            }
        }
        assertTrue(accepted > 100, "mutations should leave many files valid, got " + accepted);
    }

    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[random.nextInt(120)];
        random.nextBytes(bytes);
        if (bytes.length >= 12 && random.nextBoolean()) {
            System.arraycopy(WavBytes.riffWave().bytes(), 0, bytes, 0, 12);
        }
        return bytes;
    }

    private static byte[] mutate(byte[] seed, Random random) {
        byte[] bytes = seed.clone();
        switch (random.nextInt(4)) {
            case 0 -> {
                for (int i = random.nextInt(4); i >= 0; i--) {
                    bytes[random.nextInt(bytes.length)] = (byte) random.nextInt();
                }
            }
            case 1 -> bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
            case 2 -> {
                long[] specials = {0, 1, 0x7FFFFFFFL, 0x80000000L, 0xFFFFFFFFL, 0xFFFFFFF8L, random.nextInt()};
                long value = specials[random.nextInt(specials.length)];
                int at = random.nextInt(bytes.length - 3) & ~1;
                for (int i = 0; i < 4; i++) {
                    bytes[at + i] = (byte) (value >>> (8 * i));
                }
            }
            default -> {
                int at = 12 + random.nextInt(40);
                int field = random.nextInt(8) * 2;
                if (at + field + 1 < bytes.length) {
                    bytes[at + field] = (byte) random.nextInt(4);
                    bytes[at + field + 1] = 0;
                }
            }
        }
        return bytes;
    }

    private static void assertSane(WavInfo info, byte[] file) {
        int bytesPerSample = info.encoding() == WavEncoding.PCM16 ? 2 : 1;
        assertTrue(info.channels() == 1 || info.channels() == 2, info.toString());
        assertTrue(info.frames() > 0, info.toString());
        assertTrue(info.dataOffset() >= 20, info.toString());
        assertTrue((long) info.dataOffset() + info.dataLength() <= file.length, info.toString());
        assertEquals((long) info.frames() * info.channels() * bytesPerSample, info.dataLength(), info.toString());
        assertTrue(info.sampleRate() >= 8000 && info.sampleRate() <= 96000, info.toString());
    }

    private static byte[] withFmt(byte[] fmtBody) {
        return WavBytes.riffWave().chunk("fmt ", fmtBody).chunk("data", TWO_FRAMES).build();
    }

    private static void assertRefused(String reason, byte[] file) {
        WavFormatException thrown = assertThrows(WavFormatException.class, () -> WavParser.parse(file));
        assertEquals(reason, thrown.getMessage());
    }
}
