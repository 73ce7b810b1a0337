package org.sipgateway.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReorderBufferTest {

    private static final byte PCMU_SILENCE = (byte) 0xFF;
    /** Two-byte payloads and silence keep the expected output readable: "ffff" is a filled gap. */
    private static final String SILENCE = "ffff";

    /** Records each write as hex, plus the whole byte stream. */
    private static final class RecordingSink implements ReorderBuffer.Sink {
        final List<String> chunks = new ArrayList<>();
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public void write(byte[] data, int off, int len) {
            chunks.add(Hex.hex(data, off, len));
            bytes.write(data, off, len);
        }
    }

    private final RecordingSink sink = new RecordingSink();

    private ReorderBuffer buffer(int window) {
        return new ReorderBuffer(window, PCMU_SILENCE, 2, sink);
    }

    /** Offers a two-byte payload naming the packet's sequence number. */
    private static void offer(ReorderBuffer buffer, int... sequences) {
        for (int sequence : sequences) {
            buffer.offer(sequence, new byte[] {(byte) (sequence >>> 8), (byte) sequence}, 0, 2);
        }
    }

    private static List<String> chunks(String... hex) {
        return Arrays.asList(hex);
    }

    @Test
    void writesInOrderPacketsAtOnce() {
        ReorderBuffer buffer = buffer(8);
        offer(buffer, 10, 11, 12);

        assertEquals(chunks("000a", "000b", "000c"), sink.chunks);
        assertEquals(0, buffer.buffered());
        assertEquals(13, buffer.nextSequence());
    }

    @Test
    void restoresOrderOfSwappedPair() {
        ReorderBuffer buffer = buffer(8);
        offer(buffer, 10, 12);
        assertEquals(chunks("000a"), sink.chunks);
        assertEquals(1, buffer.buffered());

        offer(buffer, 11, 13);
        assertEquals(chunks("000a", "000b", "000c", "000d"), sink.chunks);
        assertEquals(0, buffer.gapsFilled() + buffer.duplicates() + buffer.late());
    }

    @Test
    void fillsLostPacketWithExactlyOnePacketOfSilenceOnceFull() {
        ReorderBuffer buffer = new ReorderBuffer(4, PCMU_SILENCE, 160, sink);
        offer(buffer, 1, 3, 4, 5);
        assertEquals(chunks("0001"), sink.chunks, "still waiting for 2 with three packets held");

        offer(buffer, 6);
        byte[] expected = new byte[2 + 160 + 4 * 2];
        byte[] silence = new byte[160];
        Arrays.fill(silence, PCMU_SILENCE);
        System.arraycopy(Hex.bytes("0001"), 0, expected, 0, 2);
        System.arraycopy(silence, 0, expected, 2, 160);
        System.arraycopy(Hex.bytes("0003 0004 0005 0006"), 0, expected, 162, 8);
        assertArrayEquals(expected, sink.bytes.toByteArray());
        assertEquals(1, buffer.gapsFilled());
        assertEquals(0, buffer.buffered());
    }

    @Test
    void fillsBurstLossWithOneSilencePerMissingPacket() {
        ReorderBuffer buffer = buffer(4);
        offer(buffer, 1, 5, 6, 7, 8);

        assertEquals(chunks("0001", SILENCE, SILENCE, SILENCE, "0005", "0006", "0007", "0008"), sink.chunks);
        assertEquals(3, buffer.gapsFilled());
    }

    @Test
    void givesUpOnPacketsThatCannotFitTheWindow() {
        ReorderBuffer buffer = buffer(2);
        offer(buffer, 1, 6);
        assertEquals(chunks("0001", SILENCE, SILENCE), sink.chunks, "2 and 3 fall outside a window ending at 6");
        assertEquals(1, buffer.buffered());

        offer(buffer, 5);
        assertEquals(chunks("0001", SILENCE, SILENCE, SILENCE, "0005", "0006"), sink.chunks);
        assertEquals(3, buffer.gapsFilled());
    }

    @Test
    void dropsDuplicatesWhetherWrittenOrHeld() {
        ReorderBuffer buffer = buffer(8);
        offer(buffer, 1, 2, 2, 4, 4, 1);

        assertEquals(chunks("0001", "0002"), sink.chunks);
        assertEquals(3, buffer.duplicates());
        assertEquals(0, buffer.late());
        assertEquals(1, buffer.buffered());
    }

    @Test
    void dropsPacketsWhosePlaceWasAlreadyFilledWithSilence() {
        ReorderBuffer buffer = buffer(2);
        offer(buffer, 1, 3, 4);
        assertEquals(chunks("0001", SILENCE, "0003", "0004"), sink.chunks);

        offer(buffer, 2);
        assertEquals(1, buffer.late());
        assertEquals(0, buffer.duplicates());

        offer(buffer, 3);
        assertEquals(1, buffer.duplicates());
        assertEquals(4, sink.chunks.size());
    }

    @Test
    void countsPacketsTooOldToRememberAsLate() {
        ReorderBuffer buffer = buffer(2);
        for (int sequence = 0; sequence < 200; sequence++) {
            offer(buffer, sequence);
        }
        offer(buffer, 10);

        assertEquals(1, buffer.late());
        assertEquals(200, sink.chunks.size());
    }

    @Test
    void followsSequenceAcrossWraparound() {
        ReorderBuffer buffer = buffer(4);
        offer(buffer, 65534, 65535, 1, 0, 2);

        assertEquals(chunks("fffe", "ffff", "0000", "0001", "0002"), sink.chunks);
        assertEquals(0, buffer.gapsFilled() + buffer.resyncs() + buffer.late());
    }

    @Test
    void fillsGapAcrossWraparound() {
        ReorderBuffer buffer = new ReorderBuffer(3, PCMU_SILENCE, 2, sink);
        offer(buffer, 65534, 0, 1, 2);

        assertEquals(chunks("fffe", SILENCE, "0000", "0001", "0002"), sink.chunks);
        assertEquals(1, buffer.gapsFilled());
        assertEquals(3, buffer.nextSequence());
    }

    @Test
    void flushWritesEverythingHeldWithInnerGapsFilled() {
        ReorderBuffer buffer = buffer(8);
        offer(buffer, 1, 3, 5);
        buffer.flush();

        assertEquals(chunks("0001", SILENCE, "0003", SILENCE, "0005"), sink.chunks);
        assertEquals(2, buffer.gapsFilled());
        assertEquals(0, buffer.buffered());

        offer(buffer, 6);
        assertEquals("0006", sink.chunks.get(sink.chunks.size() - 1));
    }

    @Test
    void flushOfEmptyBufferWritesNothing() {
        ReorderBuffer buffer = buffer(8);
        buffer.flush();
        offer(buffer, 7);
        buffer.flush();

        assertEquals(chunks("0007"), sink.chunks);
    }

    @Test
    void resyncsOnConfirmedBigJumpInsteadOfWritingSilence() {
        ReorderBuffer buffer = buffer(8);
        offer(buffer, 1, 3, 40_000);
        assertEquals(chunks("0001"), sink.chunks, "a single far packet is only on probation");

        offer(buffer, 40_001, 40_002);
        assertEquals(chunks("0001", SILENCE, "0003", "9c40", "9c41", "9c42"), sink.chunks);
        assertEquals(1, buffer.resyncs());
        assertEquals(1, buffer.gapsFilled());
        assertEquals(40_003, buffer.nextSequence());
    }

    @Test
    void resyncsOnBigJumpBackwards() {
        ReorderBuffer buffer = buffer(8);
        offer(buffer, 50_000, 50_001, 100, 101);

        assertEquals(chunks("c350", "c351", "0064", "0065"), sink.chunks);
        assertEquals(1, buffer.resyncs());
    }

    @Test
    void dropsUnconfirmedStrayPacket() {
        ReorderBuffer buffer = buffer(8);
        offer(buffer, 1, 2, 9_000, 3);

        assertEquals(chunks("0001", "0002", "0003"), sink.chunks);
        assertEquals(1, buffer.strays());
        assertEquals(0, buffer.resyncs());
    }

    @Test
    void treatsJumpWithinLimitAsLoss() {
        ReorderBuffer buffer = new ReorderBuffer(2, PCMU_SILENCE, 2, 10, sink);
        offer(buffer, 1, 11);
        assertEquals(7, buffer.gapsFilled(), "2..8 fall outside a window ending at 11");
        buffer.flush();

        assertEquals(9, buffer.gapsFilled());
        assertEquals(11, sink.chunks.size());
        assertEquals(0, buffer.resyncs());
    }

    @Test
    void copiesHeldPayloadsBecauseCallersReuseBuffers() {
        ReorderBuffer buffer = buffer(8);
        byte[] reused = Hex.bytes("0001");
        buffer.offer(1, reused, 0, 2);
        reused[1] = 3;
        buffer.offer(3, reused, 0, 2);
        reused[1] = 2;
        buffer.offer(2, reused, 0, 2);
        reused[1] = 9;

        assertEquals(chunks("0001", "0002", "0003"), sink.chunks);
    }

    @Test
    void acceptsParsedPackets() {
        ReorderBuffer buffer = buffer(8);
        byte[] datagram = Hex.bytes("80 00 0005 00000000 00000001 abcd");
        buffer.offer(RtpPacket.parse(datagram, 0, datagram.length).packet());

        assertEquals(chunks("abcd"), sink.chunks);
    }

    @Test
    void rejectsBadConfiguration() {
        assertThrows(IllegalArgumentException.class, () -> new ReorderBuffer(0, PCMU_SILENCE, 160, sink));
        assertThrows(IllegalArgumentException.class, () -> new ReorderBuffer(8, PCMU_SILENCE, 0, sink));
        assertThrows(IllegalArgumentException.class, () -> new ReorderBuffer(8, PCMU_SILENCE, 160, 8, sink));
        assertThrows(IllegalArgumentException.class, () -> new ReorderBuffer(8, PCMU_SILENCE, 160, 40_000, sink));
        assertThrows(NullPointerException.class, () -> new ReorderBuffer(8, PCMU_SILENCE, 160, null));
        ReorderBuffer buffer = buffer(8);
        assertThrows(IllegalArgumentException.class, () -> buffer.offer(65536, new byte[2], 0, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.offer(1, new byte[2], 1, 2));
    }
}
