package org.sipgateway.recording;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sipgateway.media.G711Codec;
import org.sipgateway.media.WavEncoding;
import org.sipgateway.media.WavHeaders;
import org.sipgateway.media.WavInfo;
import org.sipgateway.media.WavParser;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipgateway.recording.RecordingFiles.HEADER;
import static org.sipgateway.recording.RecordingFiles.PACKET;
import static org.sipgateway.recording.RecordingFiles.concat;
import static org.sipgateway.recording.RecordingFiles.packet;
import static org.sipgateway.recording.RecordingFiles.payload;

/** Fails on the current code: finish() after a write failure throws ClosedChannelException and leaves the .part. */
class RecordingDiskFullFinishTest {

    private static final G711Codec CODEC = G711Codec.PCMU;

    @TempDir
    Path dir;

    private Path part;
    private Path complete;
    private DiskLimitedChannel channel;

    private CallRecording open(int packets) throws IOException {
        part = dir.resolve("full.wav.part");
        complete = dir.resolve("full.wav");
        channel = DiskLimitedChannel.create(part, HEADER + (long) packets * PACKET + PACKET / 2);
        return new CallRecording(part, complete, CODEC, channel);
    }

    private static byte[] payloads(int from, int toExclusive) {
        byte[][] parts = new byte[toExclusive - from][];
        for (int seq = from; seq < toExclusive; seq++) {
            parts[seq - from] = payload(seq);
        }
        return concat(parts);
    }

    @Test
    void finishAfterAWriteFailureLeavesAPlayableWavOfWhatWasWritten() throws Exception {
        CallRecording recording = open(5);
        for (int seq = 0; seq < 4; seq++) {
            recording.write(packet(CODEC, seq));
        }
        recording.checkpoint();
        recording.write(packet(CODEC, 4));
        assertThrows(IOException.class, () -> recording.write(packet(CODEC, 5)));
        recording.write(packet(CODEC, 6));

        Path done = assertDoesNotThrow(() -> recording.finish(), "finish() after a write failure");
        assertEquals(complete, done);
        assertFalse(Files.exists(part), "no .part left behind");
        byte[] file = Files.readAllBytes(complete);
        assertEquals(HEADER + 5 * PACKET, file.length);
        assertArrayEquals(concat(WavHeaders.g711Header(CODEC, 5 * PACKET), payloads(0, 5)), file,
                "header sizes match the five packets that were written");
        WavInfo info = WavParser.parse(file);
        assertEquals(WavEncoding.MULAW, info.encoding());
        assertEquals(5 * PACKET, info.dataLength());
        assertEquals(complete, assertDoesNotThrow(() -> recording.finish()));
        assertTrue(Arrays.equals(file, Files.readAllBytes(complete)));
    }
}
