package org.sipgateway.recording;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sipgateway.media.G711Codec;
import org.sipgateway.media.WavEncoding;
import org.sipgateway.media.WavHeaders;
import org.sipgateway.media.WavInfo;
import org.sipgateway.media.WavParser;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipgateway.recording.RecordingFiles.HEADER;
import static org.sipgateway.recording.RecordingFiles.PACKET;
import static org.sipgateway.recording.RecordingFiles.concat;
import static org.sipgateway.recording.RecordingFiles.packet;
import static org.sipgateway.recording.RecordingFiles.payload;
import static org.sipgateway.recording.RecordingFiles.silence;
import static org.sipgateway.recording.RecordingFiles.u16;
import static org.sipgateway.recording.RecordingFiles.u32;

/**
 * One call's recording, byte for byte: header + payloads in sequence order, a valid WAV at every
 * checkpoint while still {@code .part}, silence for losses, wraparound, and the final rename.
 */
class CallRecordingTest {

    @TempDir
    Path dir;

    private Path part;
    private Path complete;

    private CallRecording open(G711Codec codec) throws IOException {
        part = dir.resolve("call-1.wav.part");
        complete = dir.resolve("call-1.wav");
        return CallRecording.create(part, complete, codec);
    }

    private static WavEncoding encodingOf(G711Codec codec) {
        return codec == G711Codec.PCMU ? WavEncoding.MULAW : WavEncoding.ALAW;
    }

    private static int formatTagOf(G711Codec codec) {
        return codec == G711Codec.PCMU ? 7 : 6;
    }

    /** Checks every header field of a 58-byte G.711 header for {@code dataBytes} of audio. */
    private static void assertHeader(byte[] file, G711Codec codec, long dataBytes) {
        assertEquals("RIFF", new String(file, 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(50 + dataBytes + (dataBytes & 1), u32(file, 4), "RIFF size");
        assertEquals("WAVEfmt ", new String(file, 8, 8, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(18, u32(file, 16), "fmt size");
        assertEquals(formatTagOf(codec), u16(file, 20), "format tag");
        assertEquals(1, u16(file, 22), "channels");
        assertEquals(8000, u32(file, 24), "sample rate");
        assertEquals(8000, u32(file, 28), "bytes per second");
        assertEquals(1, u16(file, 32), "block align");
        assertEquals(8, u16(file, 34), "bits per sample");
        assertEquals(0, u16(file, 36), "cbSize");
        assertEquals("fact", new String(file, 38, 4, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(4, u32(file, 42), "fact size");
        assertEquals(dataBytes, u32(file, 46), "fact sample length");
        assertEquals("data", new String(file, 50, 4, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(dataBytes, u32(file, 54), "data size");
        assertArrayEquals(WavHeaders.g711Header(codec, dataBytes), java.util.Arrays.copyOf(file, HEADER));
    }

    private static void assertPlayable(byte[] file, G711Codec codec, int dataBytes) throws Exception {
        WavInfo info = WavParser.parse(file);
        assertEquals(encodingOf(codec), info.encoding());
        assertEquals(8000, info.sampleRate());
        assertEquals(1, info.channels());
        assertEquals(HEADER, info.dataOffset());
        assertEquals(dataBytes, info.dataLength());
        assertEquals(dataBytes, info.frames());
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(Path::getFileName).sorted().toList();
        }
    }

    @ParameterizedTest
    @EnumSource(G711Codec.class)
    void packetsInOrderGiveExactlyHeaderAndPayloads(G711Codec codec) throws Exception {
        CallRecording recording = open(codec);
        List<byte[]> expected = new ArrayList<>();
        for (int seq = 1000; seq < 1025; seq++) {
            recording.write(packet(codec, seq));
            expected.add(payload(seq));
        }
        assertEquals(25 * PACKET, recording.dataBytes());
        assertEquals(25, recording.packets());
        assertEquals(0, recording.gapsFilled());
        assertEquals(complete, recording.finish());

        byte[] file = Files.readAllBytes(complete);
        byte[] data = concat(expected.toArray(new byte[0][]));
        assertArrayEquals(concat(WavHeaders.g711Header(codec, data.length), data), file);
        assertHeader(file, codec, data.length);
        assertPlayable(file, codec, data.length);
        assertSame(codec, recording.codec());
    }

    @ParameterizedTest
    @EnumSource(G711Codec.class)
    void partIsAValidWavAfterEveryCheckpoint(G711Codec codec) throws Exception {
        CallRecording recording = open(codec);
        assertEquals(part, recording.path());
        assertTrue(Files.exists(part));
        assertFalse(Files.exists(complete));
        // Right after creation the header is there, declaring no audio yet.
        byte[] empty = Files.readAllBytes(part);
        assertEquals(HEADER, empty.length);
        assertHeader(empty, codec, 0);

        List<byte[]> written = new ArrayList<>();
        for (int round = 1; round <= 6; round++) {
            // 1, 2, ... packets per checkpoint interval.
            for (int i = 0; i < round; i++) {
                int seq = 40000 + written.size();
                recording.write(packet(codec, seq));
                written.add(payload(seq));
            }
            recording.checkpoint();

            int dataBytes = written.size() * PACKET;
            assertEquals(dataBytes, recording.dataBytes());
            assertEquals(part, recording.path(), "still .part while the call runs");
            assertFalse(Files.exists(complete));
            byte[] file = Files.readAllBytes(part);
            assertEquals(HEADER + dataBytes, file.length);
            assertHeader(file, codec, dataBytes);
            assertPlayable(file, codec, dataBytes);
            assertArrayEquals(concat(written.toArray(new byte[0][])), java.util.Arrays.copyOfRange(file, HEADER, file.length));
        }
        recording.finish();
    }

    @ParameterizedTest
    @EnumSource(G711Codec.class)
    void lateAndSwappedPacketsWithinTheWindowComeOutInOrder(G711Codec codec) throws Exception {
        CallRecording recording = open(codec);
        // 0 1 3 2 5 6 4 7 | 9 10 11 12 13 14 15 8: 8 is 7 places late, still inside the window of 8.
        int[] arrival = {0, 1, 3, 2, 5, 6, 4, 7, 9, 10, 11, 12, 13, 14, 15, 8, 16};
        for (int seq : arrival) {
            recording.write(packet(codec, 500 + seq));
        }
        recording.finish();

        List<byte[]> expected = new ArrayList<>();
        for (int seq = 0; seq <= 16; seq++) {
            expected.add(payload(500 + seq));
        }
        byte[] data = concat(expected.toArray(new byte[0][]));
        assertArrayEquals(concat(WavHeaders.g711Header(codec, data.length), data), Files.readAllBytes(complete));
        assertEquals(0, recording.gapsFilled());
        assertEquals(17, recording.packets());
    }

    @Test
    void aLateOneHeldBackUntilTheCheckpointIsWrittenInItsPlace() throws Exception {
        G711Codec codec = G711Codec.PCMU;
        CallRecording recording = open(codec);
        recording.write(packet(codec, 10));
        recording.write(packet(codec, 12));
        recording.write(packet(codec, 13));
        recording.checkpoint();
        // 12 and 13 are held while 11 is awaited: only 10 is in the file.
        byte[] before = Files.readAllBytes(part);
        assertArrayEquals(concat(WavHeaders.g711Header(codec, PACKET), payload(10)), before);

        recording.write(packet(codec, 11));
        recording.checkpoint();
        byte[] after = Files.readAllBytes(part);
        byte[] data = concat(payload(10), payload(11), payload(12), payload(13));
        assertArrayEquals(concat(WavHeaders.g711Header(codec, data.length), data), after);
        recording.finish();
    }

    @ParameterizedTest
    @EnumSource(G711Codec.class)
    void aGapIsFilledWithExactlyItsLengthOfSilence(G711Codec codec) throws Exception {
        CallRecording recording = open(codec);
        recording.write(packet(codec, 100));
        recording.write(packet(codec, 101));
        // 102, 103, 104 never come.
        recording.write(packet(codec, 105));
        recording.write(packet(codec, 106));
        recording.finish();

        byte[] data = concat(payload(100), payload(101), silence(codec, 3), payload(105), payload(106));
        byte[] file = Files.readAllBytes(complete);
        assertArrayEquals(concat(WavHeaders.g711Header(codec, data.length), data), file);
        assertEquals(3, recording.gapsFilled());
        assertEquals(7 * PACKET, recording.dataBytes());
        byte expectedSilence = codec == G711Codec.PCMU ? (byte) 0xFF : (byte) 0xD5;
        for (int i = HEADER + 2 * PACKET; i < HEADER + 5 * PACKET; i++) {
            assertEquals(expectedSilence, file[i], "silence byte at " + i);
        }
        assertPlayable(file, codec, data.length);
    }

    @ParameterizedTest
    @EnumSource(G711Codec.class)
    void aGapIsGivenUpOnceTheWindowIsFullWhileTheCallRuns(G711Codec codec) throws Exception {
        CallRecording recording = open(codec);
        recording.write(packet(codec, 10));
        // 11 and 12 are lost; 13..20 arrive. 20 is 10 places past 10, beyond the window of 8.
        for (int seq = 13; seq <= 20; seq++) {
            recording.write(packet(codec, seq));
        }
        recording.checkpoint();
        List<byte[]> expected = new ArrayList<>();
        expected.add(payload(10));
        expected.add(silence(codec, 2));
        for (int seq = 13; seq <= 20; seq++) {
            expected.add(payload(seq));
        }
        byte[] data = concat(expected.toArray(new byte[0][]));
        assertArrayEquals(concat(WavHeaders.g711Header(codec, data.length), data), Files.readAllBytes(part),
                "written before the call ends, without waiting for finish()");
        assertEquals(2, recording.gapsFilled());

        // 11 arrives after its place was filled with silence: dropped, the file does not change length.
        recording.write(packet(codec, 11));
        recording.finish();
        assertArrayEquals(concat(WavHeaders.g711Header(codec, data.length), data), Files.readAllBytes(complete));
    }

    @ParameterizedTest
    @EnumSource(G711Codec.class)
    void sequenceNumbersWrapFrom65535ToZero(G711Codec codec) throws Exception {
        CallRecording recording = open(codec);
        // In order across the wrap, then swapped across it, then a loss across it.
        int[] arrival = {65532, 65533, 65535, 65534, 1, 0, 2, 3};
        for (int seq : arrival) {
            recording.write(packet(codec, seq));
        }
        recording.checkpoint();
        byte[] data = concat(payload(65532), payload(65533), payload(65534), payload(65535),
                payload(0), payload(1), payload(2), payload(3));
        assertArrayEquals(concat(WavHeaders.g711Header(codec, data.length), data), Files.readAllBytes(part));
        recording.finish();
        assertArrayEquals(concat(WavHeaders.g711Header(codec, data.length), data), Files.readAllBytes(complete));
        assertEquals(0, recording.gapsFilled());
    }

    @ParameterizedTest
    @EnumSource(G711Codec.class)
    void aLossAcrossTheWrapIsFilledWithSilence(G711Codec codec) throws Exception {
        CallRecording recording = open(codec);
        recording.write(packet(codec, 65534));
        // 65535 and 0 are lost.
        recording.write(packet(codec, 1));
        recording.write(packet(codec, 2));
        recording.finish();
        byte[] data = concat(payload(65534), silence(codec, 2), payload(1), payload(2));
        assertArrayEquals(concat(WavHeaders.g711Header(codec, data.length), data), Files.readAllBytes(complete));
        assertEquals(2, recording.gapsFilled());
    }

    @ParameterizedTest
    @EnumSource(G711Codec.class)
    void finishLeavesOnlyTheWavWithFinalSizes(G711Codec codec) throws Exception {
        CallRecording recording = open(codec);
        for (int seq = 0; seq < 10; seq++) {
            recording.write(packet(codec, seq));
        }
        // Hold 11 and 12 back behind a missing 10: finish() must flush them, with silence for 10.
        recording.write(packet(codec, 11));
        recording.write(packet(codec, 12));
        assertEquals(List.of(part.getFileName()), files());

        Path done = recording.finish();
        assertEquals(complete, done);
        assertEquals(complete, recording.path());
        assertEquals(List.of(complete.getFileName()), files(), "only the .wav, no .part");

        List<byte[]> expected = new ArrayList<>();
        for (int seq = 0; seq < 10; seq++) {
            expected.add(payload(seq));
        }
        expected.add(silence(codec, 1));
        expected.add(payload(11));
        expected.add(payload(12));
        byte[] data = concat(expected.toArray(new byte[0][]));
        byte[] file = Files.readAllBytes(complete);
        assertEquals(HEADER + 13 * PACKET, file.length);
        assertHeader(file, codec, 13 * PACKET);
        assertArrayEquals(concat(WavHeaders.g711Header(codec, data.length), data), file);
        assertPlayable(file, codec, 13 * PACKET);
        assertEquals(13 * PACKET, recording.dataBytes());
        assertFalse(recording.failed());
    }

    @Test
    void finishTwiceIsSafeAndLaterCallsChangeNothing() throws Exception {
        G711Codec codec = G711Codec.PCMA;
        CallRecording recording = open(codec);
        recording.write(packet(codec, 7));
        recording.write(packet(codec, 8));
        Path first = recording.finish();
        byte[] afterFirst = Files.readAllBytes(complete);

        Path second = recording.finish();
        assertEquals(first, second);
        recording.write(packet(codec, 9));
        recording.checkpoint();
        assertEquals(complete, recording.finish());

        assertArrayEquals(afterFirst, Files.readAllBytes(complete));
        assertArrayEquals(concat(WavHeaders.g711Header(codec, 2 * PACKET), payload(7), payload(8)), afterFirst);
        assertEquals(List.of(complete.getFileName()), files());
        assertEquals(2 * PACKET, recording.dataBytes());
        assertFalse(recording.failed());
    }

    @Test
    void aRecordingWithNoPacketsFinishesAsAnEmptyWav() throws Exception {
        CallRecording recording = open(G711Codec.PCMU);
        recording.finish();
        byte[] file = Files.readAllBytes(complete);
        assertArrayEquals(WavHeaders.g711Header(G711Codec.PCMU, 0), file);
        assertEquals(List.of(complete.getFileName()), files());
    }

    @Test
    void createRefusesToOverwriteAnExistingPart() throws Exception {
        part = dir.resolve("x.wav.part");
        Files.write(part, new byte[] {1, 2, 3});
        org.junit.jupiter.api.Assertions.assertThrows(java.nio.file.FileAlreadyExistsException.class,
                () -> CallRecording.create(part, dir.resolve("x.wav"), G711Codec.PCMU));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(part));
    }
}
