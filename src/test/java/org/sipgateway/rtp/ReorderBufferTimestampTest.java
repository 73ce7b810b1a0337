package org.sipgateway.rtp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Silence suppression (RFC 3551 §4.1): consecutive sequence numbers whose timestamps jump. The
 * skipped samples are written as silence, so a recording lasts as long as the call. Payloads are
 * two bytes (two samples) naming the sequence number; "ffff" is two samples of PCMU silence.
 */
class ReorderBufferTimestampTest {

    private final List<String> chunks = new ArrayList<>();
    private final ReorderBuffer buffer = new ReorderBuffer(8, (byte) 0xFF, 2, (data, off, len) -> chunks.add(Hex.hex(data, off, len)));

    private void offer(int sequence, long timestamp) {
        buffer.offer(sequence, timestamp, new byte[] {(byte) (sequence >>> 8), (byte) sequence}, 0, 2);
    }

    @Test
    void continuousTimestampsAddNothing() {
        offer(10, 1000);
        offer(11, 1002);
        offer(12, 1004);
        assertEquals(List.of("000a", "000b", "000c"), chunks);
        assertEquals(0, buffer.silenceForTimestampGaps());
    }

    @Test
    void aTimestampJumpIsFilledWithSilence() {
        offer(10, 1000);
        offer(11, 1008);
        assertEquals(List.of("000a", "ffff", "ffff", "ffff", "000b"), chunks, "6 skipped samples before packet 11");
        assertEquals(6, buffer.silenceForTimestampGaps());
    }

    @Test
    void reorderedPacketsKeepTheirTimeline() {
        offer(10, 1000);
        offer(12, 1004);
        offer(11, 1002);
        assertEquals(List.of("000a", "000b", "000c"), chunks);
        assertEquals(0, buffer.silenceForTimestampGaps());
    }

    @Test
    void aLostPacketIsFilledOnceNotTwice() {
        offer(10, 1000);
        for (int s = 12; s <= 20; s++) {
            offer(s, 1000 + 2L * (s - 10));
        }
        assertEquals("000a", chunks.get(0));
        assertEquals("ffff", chunks.get(1), "the missing packet 11");
        assertEquals("000c", chunks.get(2), "and packet 12 right after it, no timestamp silence on top");
        assertEquals(0, buffer.silenceForTimestampGaps());
    }

    @Test
    void timestampWrapsAround() {
        offer(10, 0xFFFFFFFCL);
        offer(11, 0xFFFFFFFEL);
        offer(12, 0x00000000L);
        offer(13, 0x00000004L);
        assertEquals(List.of("000a", "000b", "000c", "ffff", "000d"), chunks);
        assertEquals(2, buffer.silenceForTimestampGaps());
    }

    @Test
    void backwardOrHugeJumpsStartANewTimeline() {
        offer(10, 100_000);
        offer(11, 50_000);
        offer(12, 50_000 + ReorderBuffer.MAX_TIMESTAMP_GAP + 100);
        offer(13, 50_000 + ReorderBuffer.MAX_TIMESTAMP_GAP + 102);
        assertEquals(List.of("000a", "000b", "000c", "000d"), chunks);
        assertEquals(0, buffer.silenceForTimestampGaps());
    }

    @Test
    void withoutTimestampsOnlySequenceGapsAreFilled() {
        buffer.offer(10, new byte[] {0, 10}, 0, 2);
        buffer.offer(11, new byte[] {0, 11}, 0, 2);
        assertEquals(Arrays.asList("000a", "000b"), chunks);
    }
}
