package org.sipgateway.media;

import org.sipgateway.support.Tones;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WavHeadersTest {

    private static final long ALL_ONES = 0xFFFFFFFFL;

    @ParameterizedTest
    @EnumSource(G711Codec.class)
    void g711HeaderParsesBack(G711Codec codec) throws WavFormatException {
        byte[] header = WavHeaders.g711Header(codec, 800);
        assertEquals(WavHeaders.G711_HEADER_SIZE, header.length);
        assertEquals(58, header.length);

        WavInfo info = WavParser.parse(withData(header, 800));
        WavEncoding expected = codec == G711Codec.PCMU ? WavEncoding.MULAW : WavEncoding.ALAW;
        assertEquals(new WavInfo(expected, 8000, 1, 58, 800, 800), info);
        assertEquals(100, info.durationMillis());
    }

    @Test
    void g711HeaderFieldsFollowTheWaveLayout() {
        byte[] header = WavHeaders.g711Header(G711Codec.PCMA, 1001);
        assertEquals("RIFF", ascii(header, 0));
        assertEquals(50 + 1001 + 1, u32(header, 4), "RIFF size counts the pad byte after odd data");
        assertEquals("WAVE", ascii(header, 8));
        assertEquals("fmt ", ascii(header, 12));
        assertEquals(18, u32(header, 16));
        assertEquals(6, u16(header, 20));
        assertEquals(1, u16(header, 22));
        assertEquals(8000, u32(header, 24));
        assertEquals(8000, u32(header, 28));
        assertEquals(1, u16(header, 32));
        assertEquals(8, u16(header, 34));
        assertEquals(0, u16(header, 36));
        assertEquals("fact", ascii(header, 38));
        assertEquals(4, u32(header, 42));
        assertEquals(1001, u32(header, 46));
        assertEquals("data", ascii(header, 50));
        assertEquals(1001, u32(header, 54));
    }

    @Test
    void g711SizesSaturate() throws WavFormatException {
        byte[] header = WavHeaders.g711Header(G711Codec.PCMU, 5_000_000_000L);
        assertEquals(ALL_ONES, u32(header, 4));
        assertEquals(ALL_ONES, u32(header, 46));
        assertEquals(ALL_ONES, u32(header, 54));
        assertEquals(ALL_ONES - 51, u32(WavHeaders.g711Header(G711Codec.PCMU, ALL_ONES - 101), 4));
        assertEquals(ALL_ONES, u32(WavHeaders.g711Header(G711Codec.PCMU, ALL_ONES - 50), 4),
            "50 header bytes + data + pad byte is one past 32 bits");

        assertEquals(100, WavParser.parse(withData(header, 100)).frames());
    }

    @Test
    void pcm16HeaderParsesBack() throws WavFormatException {
        byte[] header = WavHeaders.pcm16Header(44100, 2, 400);
        assertEquals(44, header.length);
        assertEquals(WavHeaders.PCM16_HEADER_SIZE, header.length);
        assertEquals(36 + 400, u32(header, 4));
        assertEquals(44100 * 4, u32(header, 28));
        assertEquals(new WavInfo(WavEncoding.PCM16, 44100, 2, 44, 400, 100),
            WavParser.parse(withData(header, 400)));
        assertEquals(new WavInfo(WavEncoding.PCM16, 8000, 1, 44, 16, 8),
            WavParser.parse(withData(WavHeaders.pcm16Header(8000, 1, 16), 16)));
    }

    @Test
    void pcm16SizesSaturate() {
        byte[] header = WavHeaders.pcm16Header(8000, 1, 1L << 40);
        assertEquals(ALL_ONES, u32(header, 4));
        assertEquals(ALL_ONES, u32(header, 40));
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> WavHeaders.g711Header(G711Codec.PCMU, -1));
        assertThrows(IllegalArgumentException.class, () -> WavHeaders.g711Header(null, 0));
        assertThrows(IllegalArgumentException.class, () -> WavHeaders.pcm16Header(0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> WavHeaders.pcm16Header(8000, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> WavHeaders.pcm16Header(8000, 1, -2));
    }

    @ParameterizedTest
    @EnumSource(G711Codec.class)
    void soxAcceptsWrittenG711File(G711Codec codec, @TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(soxOnPath(), "sox is not on PATH");
        short[] tone = Tones.sine(1000, 8000, 800, 8000);
        byte[] audio = new byte[tone.length];
        codec.encode(tone, 0, audio, 0, tone.length);
        Path file = dir.resolve(codec.rtpName() + ".wav");
        byte[] header = WavHeaders.g711Header(codec, audio.length);
        byte[] contents = Arrays.copyOf(header, header.length + audio.length);
        System.arraycopy(audio, 0, contents, header.length, audio.length);
        Files.write(file, contents);

        String info = run("sox", "--i", file.toString());
        assertTrue(info.matches("(?s).*Channels\\s*: 1\\s.*"), info);
        assertTrue(info.matches("(?s).*Sample Rate\\s*: 8000\\s.*"), info);
        assertTrue(info.matches("(?s).*Duration\\s*: 00:00:00\\.10 = 800 samples.*"), info);
        assertTrue(info.contains(codec == G711Codec.PCMU ? "u-law" : "A-law"), info);
    }

    private static boolean soxOnPath() {
        try {
            Process process = new ProcessBuilder("sox", "--version").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "sox did not finish");
        assertEquals(0, process.exitValue(), output);
        return output;
    }

    private static byte[] withData(byte[] header, int dataBytes) {
        return Arrays.copyOf(header, header.length + dataBytes);
    }

    private static String ascii(byte[] bytes, int offset) {
        return new String(bytes, offset, 4, StandardCharsets.US_ASCII);
    }

    private static int u16(byte[] bytes, int offset) {
        return (bytes[offset] & 0xFF) | (bytes[offset + 1] & 0xFF) << 8;
    }

    private static long u32(byte[] bytes, int offset) {
        return u16(bytes, offset) | (long) u16(bytes, offset + 2) << 16;
    }
}
