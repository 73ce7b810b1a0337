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

/**
 * A full disk while recording: the failure is thrown once, the recording stops quietly after
 * that (the call goes on), and what did get written stays a playable file.
 */
class RecordingDiskFullTest {

    private static final G711Codec CODEC = G711Codec.PCMU;

    @TempDir
    Path dir;

    private Path part;
    private Path complete;
    private DiskLimitedChannel channel;

    /** A recording on a disk with room for the header and {@code packets} whole packets (plus a little). */
    private CallRecording open(int packets) throws IOException {
        part = dir.resolve("full.wav.part");
        complete = dir.resolve("full.wav");
        channel = DiskLimitedChannel.create(part, HEADER + (long) packets * PACKET + PACKET / 2);
        return new CallRecording(part, complete, CODEC, 1, channel);
    }

    private static byte[] payloads(int from, int toExclusive) {
        byte[][] parts = new byte[toExclusive - from][];
        for (int seq = from; seq < toExclusive; seq++) {
            parts[seq - from] = payload(seq);
        }
        return concat(parts);
    }

    /** Four packets, a checkpoint, a fifth packet, then the disk is full on the sixth (thrown here). */
    private CallRecording checkpointedThenFull() throws IOException {
        CallRecording recording = open(5);
        for (int seq = 0; seq < 4; seq++) {
            recording.write(packet(CODEC, seq));
        }
        recording.checkpoint();
        recording.write(packet(CODEC, 4));
        assertThrows(IOException.class, () -> recording.write(packet(CODEC, 5)));
        return recording;
    }

    @Test
    void writeThrowsOnceThenLaterWritesAreSilentNoOps() throws Exception {
        CallRecording recording = open(5);
        for (int seq = 0; seq < 5; seq++) {
            recording.write(packet(CODEC, seq));
        }
        assertFalse(recording.failed());

        IOException failure = assertThrows(IOException.class, () -> recording.write(packet(CODEC, 5)));
        assertEquals(DiskLimitedChannel.NO_SPACE, failure.getMessage());
        assertTrue(recording.failed());

        for (int seq = 6; seq < 60; seq++) {
            int s = seq;
            assertDoesNotThrow(() -> recording.write(packet(CODEC, s)), "write after the failure, packet " + s);
        }
        assertDoesNotThrow(recording::checkpoint, "checkpoint after the failure");
        assertTrue(recording.failed());
        assertEquals(5 * PACKET, recording.dataBytes(), "only the packets that fitted count");
        assertEquals(6, recording.packets(), "packets after the failure are not taken");
        assertEquals(1, channel.failures(), "the channel was not even tried again after the failure");

        // What is on disk: the header as of creation (no checkpoint ran) and the five packets.
        byte[] file = Files.readAllBytes(part);
        assertArrayEquals(concat(WavHeaders.g711Header(CODEC, 0), payloads(0, 5)), file);
    }

    @Test
    void theFailureIsThrownOnceEvenWhenPacketsWereHeldForReordering() throws Exception {
        CallRecording recording = open(3);
        recording.write(packet(CODEC, 0));
        recording.write(packet(CODEC, 1));
        recording.write(packet(CODEC, 2));
        // 3 is missing; 4..11 fill the window, so 3 is given up as silence, which no longer fits.
        for (int seq = 4; seq < 11; seq++) {
            recording.write(packet(CODEC, seq));
        }
        assertFalse(recording.failed());
        IOException failure = assertThrows(IOException.class, () -> recording.write(packet(CODEC, 11)));
        assertEquals(DiskLimitedChannel.NO_SPACE, failure.getMessage());
        assertTrue(recording.failed());
        assertEquals(3 * PACKET, recording.dataBytes());
        for (int seq = 12; seq < 30; seq++) {
            int s = seq;
            assertDoesNotThrow(() -> recording.write(packet(CODEC, s)));
        }
        assertEquals(1, channel.failures());
    }

    @Test
    void aCheckpointBeforeTheFailureLeavesAPlayablePartOnDisk() throws Exception {
        CallRecording recording = checkpointedThenFull();

        // The .part is what a crash right now would leave: playable, with the checkpointed size.
        byte[] file = Files.readAllBytes(part);
        assertArrayEquals(concat(WavHeaders.g711Header(CODEC, 4 * PACKET), payloads(0, 5)), file);
        WavInfo info = WavParser.parse(file);
        assertEquals(WavEncoding.MULAW, info.encoding());
        assertEquals(4 * PACKET, info.dataLength());
    }

    @Test
    void aFailingForceAtACheckpointIsReportedToTheOwnerByTheNextWriteThenTheRecordingStops() throws Exception {
        CallRecording recording = open(100);
        for (int seq = 0; seq < 3; seq++) {
            recording.write(packet(CODEC, seq));
        }
        channel.failForce();
        IOException failure = assertThrows(IOException.class, recording::checkpoint);
        assertEquals(DiskLimitedChannel.NO_SPACE, failure.getMessage());
        assertTrue(recording.failed());
        assertDoesNotThrow(recording::checkpoint);
        IOException forOwner = assertThrows(IOException.class, () -> recording.write(packet(CODEC, 3)),
                "the next packet carries the failure to the routes, which tell the call's owner");
        assertEquals(DiskLimitedChannel.NO_SPACE, forOwner.getMessage());
        assertDoesNotThrow(() -> recording.write(packet(CODEC, 4)));
        assertEquals(3 * PACKET, recording.dataBytes());
        assertEquals(1, channel.failures());
    }

    @Test
    void aFailureWhileFinishingStillLeavesAPlayableWavOfWhatFitted() throws Exception {
        CallRecording recording = open(3);
        for (int seq = 0; seq < 3; seq++) {
            recording.write(packet(CODEC, seq));
        }
        // 4 and 5 wait behind the missing 3; at finish() the silence for 3 no longer fits.
        recording.write(packet(CODEC, 4));
        recording.write(packet(CODEC, 5));
        assertFalse(recording.failed());

        assertEquals(complete, recording.finish());
        assertTrue(recording.failed(), "the failure during the flush is recorded");
        assertFalse(Files.exists(part));
        byte[] file = Files.readAllBytes(complete);
        assertArrayEquals(concat(WavHeaders.g711Header(CODEC, 3 * PACKET), payloads(0, 3)), file);
        WavInfo info = WavParser.parse(file);
        assertEquals(WavEncoding.MULAW, info.encoding());
        assertEquals(8000, info.sampleRate());
        assertEquals(1, info.channels());
        assertEquals(3 * PACKET, info.dataLength());
        assertEquals(complete, recording.finish(), "a second finish() is safe");
    }

    @Test
    void finishAfterAWriteFailureLeavesAPlayableWavOfWhatWasWritten() throws Exception {
        CallRecording recording = checkpointedThenFull();
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
