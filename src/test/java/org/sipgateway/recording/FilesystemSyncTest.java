package org.sipgateway.recording;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sipgateway.media.G711Codec;
import org.sipgateway.media.WavHeaders;
import org.sipgateway.rtp.MediaSink;
import org.sipgateway.rtp.TestCallMedia;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The recordings' group commit: syncfs(2) of the recordings folder's filesystem (this machine is
 * Linux), refused for a folder it cannot open, and a recording checkpointed on that path: while
 * the call runs, the .part file's header counts exactly the audio in it.
 */
class FilesystemSyncTest {

    @TempDir
    Path dir;

    @Test
    void syncsTheFolder() throws Exception {
        try (FilesystemSync sync = FilesystemSync.of(dir)) {
            assertNotNull(sync, "syncfs on Linux");
            Files.write(dir.resolve("x"), new byte[4096]);
            sync.sync();
        }
    }

    @Test
    void aFolderItCannotOpenMeansFileByFile() {
        assertNull(FilesystemSync.of(dir.resolve("not-there")));
    }

    @Test
    void aRunningRecordingIsCheckpointedThroughTheGroupCommit() throws Exception {
        TestCallMedia call = new TestCallMedia();
        try (Recordings recordings = new Recordings(dir, Recordings.DEFAULT_BUFFER_BYTES, false, true)) {
            MediaSink sink = recordings.open(call, reason -> { });
            byte[] audio = new byte[160];
            Arrays.fill(audio, (byte) 0x55);
            for (int i = 0; i < 10; i++) {
                sink.audio(audio, 0, audio.length);
            }
            Path part = awaitPart();
            long deadline = System.nanoTime() + 5_000_000_000L;
            byte[] bytes = Files.readAllBytes(part);
            while (headerCount(bytes) != 1600 && System.nanoTime() < deadline) {
                Thread.sleep(20);
                bytes = Files.readAllBytes(part);
            }
            assertArrayEquals(WavHeaders.g711Header(G711Codec.PCMU, 1, 1600),
                    Arrays.copyOf(bytes, WavHeaders.G711_HEADER_SIZE), "the header counts the audio written");
            assertEquals(WavHeaders.G711_HEADER_SIZE + 1600, bytes.length, "and the audio is there");
            sink.close();
        }
    }

    private Path awaitPart() throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (var files = Files.list(dir)) {
                List<Path> parts = files.filter(p -> p.toString().endsWith(".wav.part")).toList();
                if (!parts.isEmpty()) {
                    return parts.get(0);
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no .wav.part in " + dir);
    }

    /** The data chunk's size field: the last 4 bytes of the header, little-endian. */
    private static long headerCount(byte[] bytes) {
        if (bytes.length < WavHeaders.G711_HEADER_SIZE) {
            return -1;
        }
        int at = WavHeaders.G711_HEADER_SIZE - 4;
        return (bytes[at] & 0xFFL) | (bytes[at + 1] & 0xFFL) << 8 | (bytes[at + 2] & 0xFFL) << 16 | (bytes[at + 3] & 0xFFL) << 24;
    }
}
