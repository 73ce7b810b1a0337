package org.sipgateway.recording;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sipgateway.media.G711Codec;
import org.sipgateway.media.WavEncoding;
import org.sipgateway.media.WavHeaders;
import org.sipgateway.media.WavInfo;
import org.sipgateway.media.WavParser;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipgateway.recording.RecordingFiles.HEADER;
import static org.sipgateway.recording.RecordingFiles.concat;
import static org.sipgateway.recording.RecordingFiles.u16;
import static org.sipgateway.recording.RecordingFiles.u32;

/**
 * Start-up repair of the {@code .wav.part} files a crash leaves: header sizes from the file
 * length, then the rename to {@code .wav}; anything that is not a recording is left alone.
 */
class RecordingRepairTest {

    @TempDir
    Path dir;

    /** Recognisable audio bytes, never a silence code. */
    private static byte[] audio(int length, int seed) {
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++) {
            data[i] = (byte) (0x20 + ((i * 7 + seed) % 0x60));
        }
        return data;
    }

    private Path leftover(String name, byte[] header, byte[] data) throws Exception {
        Path part = dir.resolve(name + ".wav.part");
        Files.write(part, concat(header, data));
        return part;
    }

    private List<String> names() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static WavEncoding encodingOf(G711Codec codec) {
        return codec == G711Codec.PCMU ? WavEncoding.MULAW : WavEncoding.ALAW;
    }

    private void assertRepaired(String name, G711Codec codec, byte[] data) throws Exception {
        Path wav = dir.resolve(name + ".wav");
        assertFalse(Files.exists(dir.resolve(name + ".wav.part")), name + ".wav.part must be gone");
        assertTrue(Files.exists(wav), name + ".wav must exist");
        byte[] file = Files.readAllBytes(wav);
        assertArrayEquals(concat(WavHeaders.g711Header(codec, data.length), data), file, name);
        assertEquals(data.length, u32(file, 54), "data size of " + name);
        assertEquals(data.length, u32(file, 46), "fact sample length of " + name);
        assertEquals(codec.wavFormatTag(), u16(file, 20));
        WavInfo info = WavParser.parse(file);
        assertEquals(encodingOf(codec), info.encoding());
        assertEquals(8000, info.sampleRate());
        assertEquals(1, info.channels());
        assertEquals(HEADER, info.dataOffset());
        assertEquals(data.length, info.dataLength());
        assertEquals(data.length * 1000L / 8000, info.durationMillis());
    }

    @Test
    void leftoverPartsBecomeWavsWithSizesFromTheirLength() throws Exception {
        // Crashed before the first checkpoint: sizes still 0.
        byte[] zeroData = audio(8000, 1);
        leftover("20260101T000000.000Z-zero", WavHeaders.g711Header(G711Codec.PCMU, 0), zeroData);
        // Crashed between checkpoints: sizes stale (smaller than the data).
        byte[] staleData = audio(4000, 2);
        leftover("20260101T000001.000Z-stale", WavHeaders.g711Header(G711Codec.PCMA, 1600), staleData);
        // Sizes larger than the data (e.g. the header of a later checkpoint reached disk, the data did not).
        byte[] shortData = audio(480, 3);
        leftover("20260101T000002.000Z-large", WavHeaders.g711Header(G711Codec.PCMU, 16000), shortData);
        // Crashed right after creation: a header and nothing else.
        leftover("20260101T000003.000Z-empty", WavHeaders.g711Header(G711Codec.PCMA, 0), new byte[0]);

        try (Recordings recordings = new Recordings(dir)) {
            assertEquals(dir.toAbsolutePath().normalize(), recordings.dir());
            assertEquals(0, recordings.activeCount());
            assertEquals(List.of("20260101T000000.000Z-zero.wav", "20260101T000001.000Z-stale.wav",
                    "20260101T000002.000Z-large.wav", "20260101T000003.000Z-empty.wav"), names());
            assertRepaired("20260101T000000.000Z-zero", G711Codec.PCMU, zeroData);
            assertRepaired("20260101T000001.000Z-stale", G711Codec.PCMA, staleData);
            assertRepaired("20260101T000002.000Z-large", G711Codec.PCMU, shortData);
            // No audio at all: the header says so exactly (WavParser refuses an empty WAV, so only bytes here).
            assertArrayEquals(WavHeaders.g711Header(G711Codec.PCMA, 0),
                    Files.readAllBytes(dir.resolve("20260101T000003.000Z-empty.wav")));
        }
    }

    @Test
    void aPartialLastPacketCountsAsAudio() throws Exception {
        // A crash in the middle of a packet's write leaves a length that is not a multiple of 160.
        byte[] data = audio(1600 + 37, 4);
        leftover("odd", WavHeaders.g711Header(G711Codec.PCMU, 1600), data);
        try (Recordings recordings = new Recordings(dir)) {
            byte[] file = Files.readAllBytes(dir.resolve("odd.wav"));
            assertFalse(Files.exists(dir.resolve("odd.wav.part")));
            assertEquals(HEADER + data.length + 1, file.length, "the audio, then the RIFF pad byte an odd-sized chunk needs");
            assertArrayEquals(data, Arrays.copyOfRange(file, HEADER, HEADER + data.length), "the audio is not touched");
            assertEquals(0, file[file.length - 1], "the pad byte");
            assertEquals(file.length - 8, u32(file, 4), "RIFF size matches the file, pad byte included");
            assertEquals(data.length, u32(file, 54), "data size");
            assertEquals(data.length, u32(file, 46), "fact sample length");
            assertEquals(data.length, WavParser.parse(file).dataLength());
        }
    }

    @Test
    void aHalfStereoSamplePairIsCutOff() throws Exception {
        // Both directions: a crash between the two bytes of a sample pair leaves half a pair.
        byte[] data = audio(3200 + 1, 5);
        leftover("stereo", WavHeaders.g711Header(G711Codec.PCMU, 2, 320), data);
        try (Recordings recordings = new Recordings(dir)) {
            byte[] file = Files.readAllBytes(dir.resolve("stereo.wav"));
            assertEquals(HEADER + 3200, file.length, "the half pair is gone");
            assertArrayEquals(concat(WavHeaders.g711Header(G711Codec.PCMU, 2, 3200), Arrays.copyOf(data, 3200)), file);
            WavInfo info = WavParser.parse(file);
            assertEquals(2, info.channels());
            assertEquals(1600, info.frames(), "200 ms of both directions");
        }
    }

    @Test
    void whatIsNotARecordingIsLeftAlone() throws Exception {
        // Shorter than a recording header.
        byte[] tiny = Arrays.copyOf(WavHeaders.g711Header(G711Codec.PCMU, 0), 40);
        Path tinyPart = dir.resolve("tiny.wav.part");
        Files.write(tinyPart, tiny);
        Path emptyPart = dir.resolve("empty.wav.part");
        Files.write(emptyPart, new byte[0]);
        // A 16-bit PCM WAV (format tag 1), long enough to hold a 58-byte header.
        byte[] pcm = concat(WavHeaders.pcm16Header(8000, 1, 400), audio(400, 5));
        Path pcmPart = dir.resolve("pcm.wav.part");
        Files.write(pcmPart, pcm);
        // A G.711 header with format tag 0x0011 (IMA ADPCM) in place of 7.
        byte[] adpcm = concat(WavHeaders.g711Header(G711Codec.PCMU, 0), audio(320, 6));
        adpcm[20] = 0x11;
        Path adpcmPart = dir.resolve("adpcm.wav.part");
        Files.write(adpcmPart, adpcm);
        // Not named like a recording in progress at all.
        byte[] other = concat(WavHeaders.g711Header(G711Codec.PCMU, 0), audio(160, 7));
        Path otherPart = dir.resolve("notes.part");
        Files.write(otherPart, other);
        // A finished recording stays as it is.
        byte[] done = concat(WavHeaders.g711Header(G711Codec.PCMA, 160), audio(160, 8));
        Path doneWav = dir.resolve("done.wav");
        Files.write(doneWav, done);

        try (Recordings recordings = new Recordings(dir)) {
            assertArrayEquals(tiny, Files.readAllBytes(tinyPart));
            assertArrayEquals(new byte[0], Files.readAllBytes(emptyPart));
            assertArrayEquals(pcm, Files.readAllBytes(pcmPart));
            assertArrayEquals(adpcm, Files.readAllBytes(adpcmPart));
            assertArrayEquals(other, Files.readAllBytes(otherPart));
            assertArrayEquals(done, Files.readAllBytes(doneWav));
            assertEquals(List.of("adpcm.wav.part", "done.wav", "empty.wav.part", "notes.part", "pcm.wav.part",
                    "tiny.wav.part"), names());
        }
    }

    @Test
    void repairsAlongsideLeftAloneFilesAndAMissingFolderIsCreated() throws Exception {
        Path folder = dir.resolve("not-yet").resolve("recordings");
        Recordings fresh = new Recordings(folder);
        assertTrue(Files.isDirectory(folder));
        fresh.close();

        byte[] data = audio(2400, 9);
        Files.write(folder.resolve("a.wav.part"), concat(WavHeaders.g711Header(G711Codec.PCMA, 0), data));
        byte[] tiny = new byte[10];
        Files.write(folder.resolve("b.wav.part"), tiny);
        Recordings recordings = new Recordings(folder);
        try {
            byte[] file = Files.readAllBytes(folder.resolve("a.wav"));
            assertArrayEquals(concat(WavHeaders.g711Header(G711Codec.PCMA, data.length), data), file);
            assertFalse(Files.exists(folder.resolve("a.wav.part")));
            assertArrayEquals(tiny, Files.readAllBytes(folder.resolve("b.wav.part")));
        } finally {
            recordings.close();
        }
        assertEquals(0, recordings.activeCount());
        // A second start finds nothing more to do.
        try (Recordings again = new Recordings(folder)) {
            assertArrayEquals(concat(WavHeaders.g711Header(G711Codec.PCMA, data.length), data),
                    Files.readAllBytes(folder.resolve("a.wav")));
        }
    }
}
