package org.sipgateway.recording;

import java.io.ByteArrayOutputStream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ring between a call's packets and the writer: wraps, refuses what does not fit, owes silence for it. */
class RecordingBufferTest {

    private static byte[] bytes(int length, int value) {
        byte[] data = new byte[length];
        java.util.Arrays.fill(data, (byte) value);
        return data;
    }

    @Test
    void wrapsAroundAndKeepsOrder() throws Exception {
        RecordingBuffer buffer = new RecordingBuffer(400);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(buffer.add(bytes(160, 1), 0, 160));
        assertTrue(buffer.add(bytes(160, 2), 0, 160));
        buffer.drainTo(out::write, (byte) 0xFF);
        assertTrue(buffer.add(bytes(160, 3), 0, 160));
        assertTrue(buffer.add(bytes(160, 4), 0, 160));
        buffer.drainTo(out::write, (byte) 0xFF);
        byte[] expected = new byte[640];
        for (int i = 0; i < 4; i++) {
            java.util.Arrays.fill(expected, i * 160, (i + 1) * 160, (byte) (i + 1));
        }
        assertArrayEquals(expected, out.toByteArray());
    }

    @Test
    void whatDoesNotFitIsDroppedAndLaterWrittenAsSilence() throws Exception {
        RecordingBuffer buffer = new RecordingBuffer(320);
        assertTrue(buffer.add(bytes(160, 1), 0, 160));
        assertTrue(buffer.add(bytes(160, 2), 0, 160));
        assertFalse(buffer.add(bytes(160, 3), 0, 160), "the writer is behind: no room");
        assertEquals(160, buffer.droppedBytes());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        buffer.drainTo(out::write, (byte) 0xD5);
        byte[] written = out.toByteArray();
        assertEquals(480, written.length, "the recording keeps its length in real time");
        assertEquals(2, written[319]);
        assertEquals((byte) 0xD5, written[320]);
        out.reset();
        buffer.drainTo(out::write, (byte) 0xD5);
        assertEquals(0, out.size(), "the silence is owed once");
    }
}
