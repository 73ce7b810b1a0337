package org.sipgateway.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RtpPacketWriterTest {

    private static final int PCMU = 0;
    private static final int PCMA = 8;

    private final byte[] out = new byte[RtpPacket.FIXED_HEADER_LENGTH + 160];

    @Test
    void writesExactHeaderForKnownInitialValues() {
        RtpPacketWriter writer = new RtpPacketWriter(PCMU, 0x1234, 0x11223344L, 0xCAFEBABEL);
        int length = writer.write(Hex.bytes("01020304"), 0, 4, false, out);

        assertEquals(16, length);
        assertEquals("8000 1234 11223344 cafebabe 01020304".replace(" ", ""), Hex.hex(out, 0, length));
        assertEquals(0x1235, writer.nextSequence());
        assertEquals(0x11223348L, writer.nextTimestamp());
        assertEquals(0xCAFEBABEL, writer.ssrc());
    }

    @Test
    void setsMarkerBitAlongsidePayloadType() {
        RtpPacketWriter writer = new RtpPacketWriter(PCMA, 7, 0, 0xFFFFFFFFL);
        int length = writer.write(Hex.bytes("d5d5"), 0, 2, true, out);
        assertEquals("8088 0007 00000000 ffffffff d5d5".replace(" ", ""), Hex.hex(out, 0, length));

        length = writer.write(Hex.bytes("d5d5"), 0, 2, false, out);
        assertEquals("8008 0008 00000002 ffffffff d5d5".replace(" ", ""), Hex.hex(out, 0, length));
    }

    @Test
    void takesPayloadFromOffset() {
        RtpPacketWriter writer = new RtpPacketWriter(PCMU, 0, 0, 0);
        int length = writer.write(Hex.bytes("aabbccdd"), 1, 2, false, out);
        assertEquals("8000 0000 00000000 00000000 bbcc".replace(" ", ""), Hex.hex(out, 0, length));
        assertEquals(2, writer.nextTimestamp());
    }

    @Test
    void sequenceWrapsFrom65535ToZero() {
        RtpPacketWriter writer = new RtpPacketWriter(PCMU, 65534, 0, 1);
        byte[] payload = new byte[160];

        writer.write(payload, 0, 160, false, out);
        assertEquals("fffe", Hex.hex(out, 2, 2));
        writer.write(payload, 0, 160, false, out);
        assertEquals("ffff", Hex.hex(out, 2, 2));
        writer.write(payload, 0, 160, false, out);
        assertEquals("0000", Hex.hex(out, 2, 2));
        assertEquals(1, writer.nextSequence());
    }

    @Test
    void timestampAdvancesOneTickPerG711Sample() {
        RtpPacketWriter writer = new RtpPacketWriter(PCMU, 0, 1000, 1);
        byte[] payload = new byte[160];

        writer.write(payload, 0, 160, false, out);
        assertEquals("000003e8", Hex.hex(out, 4, 4));
        writer.write(payload, 0, 160, false, out);
        assertEquals("00000488", Hex.hex(out, 4, 4));
        writer.write(payload, 0, 160, false, out);
        assertEquals("00000528", Hex.hex(out, 4, 4));
        assertEquals(1480, writer.nextTimestamp());
    }

    @Test
    void timestampWrapsAtTwoToThe32() {
        RtpPacketWriter writer = new RtpPacketWriter(PCMU, 0, 0xFFFF_FF00L, 1);
        byte[] payload = new byte[160];

        writer.write(payload, 0, 160, false, out);
        assertEquals("ffffff00", Hex.hex(out, 4, 4));
        writer.write(payload, 0, 160, false, out);
        assertEquals("ffffffa0", Hex.hex(out, 4, 4));
        writer.write(payload, 0, 160, false, out);
        assertEquals("00000040", Hex.hex(out, 4, 4));
        assertEquals(0xE0, writer.nextTimestamp());
    }

    @Test
    void skipSamplesMovesTimestampButNotSequence() {
        RtpPacketWriter writer = new RtpPacketWriter(PCMU, 100, 0xFFFF_FFFFL, 1);
        byte[] payload = new byte[160];
        writer.write(payload, 0, 160, false, out);

        writer.skipSamples(800);
        assertEquals(101, writer.nextSequence());
        assertEquals((0xFFFF_FFFFL + 160 + 800) & 0xFFFF_FFFFL, writer.nextTimestamp());

        writer.write(payload, 0, 160, true, out);
        assertEquals("8080 0065 000003bf".replace(" ", ""), Hex.hex(out, 0, 8));
        assertThrows(IllegalArgumentException.class, () -> writer.skipSamples(-1));
    }

    @Test
    void roundTripsThroughTheParser() {
        Random random = new Random(42);
        RtpPacketWriter writer = new RtpPacketWriter(PCMA, random);
        byte[] payload = new byte[160];

        for (int i = 0; i < 5; i++) {
            random.nextBytes(payload);
            int sequence = writer.nextSequence();
            long timestamp = writer.nextTimestamp();
            int length = writer.write(payload, 0, payload.length, i == 0, out);

            RtpParseResult result = RtpPacket.parse(out, 0, length);
            assertTrue(result.isOk(), () -> result.toString());
            RtpPacket p = result.packet();
            assertEquals(PCMA, p.payloadType());
            assertEquals(i == 0, p.marker());
            assertEquals(sequence, p.sequenceNumber());
            assertEquals(timestamp, p.timestamp());
            assertEquals(writer.ssrc(), p.ssrc());
            assertEquals(0, p.csrcCount());
            assertFalse(p.hasExtension());
            assertFalse(p.hasPadding());
            assertArrayEquals(payload, p.payloadCopy());
        }
    }

    @Test
    void randomInitialValuesStayInRange() {
        Random random = new Random(7);
        for (int i = 0; i < 1000; i++) {
            RtpPacketWriter writer = new RtpPacketWriter(PCMU, random);
            assertTrue(writer.nextSequence() >= 0 && writer.nextSequence() <= 0xFFFF);
            assertTrue(writer.nextTimestamp() >= 0 && writer.nextTimestamp() <= 0xFFFF_FFFFL);
            assertTrue(writer.ssrc() >= 0 && writer.ssrc() <= 0xFFFF_FFFFL);
        }
        assertTrue(new RtpPacketWriter(PCMU).ssrc() != new RtpPacketWriter(PCMU).ssrc(),
                "two SecureRandom SSRCs collide with probability 2^-32");
    }

    @Test
    void payloadTypeCanChange() {
        RtpPacketWriter writer = new RtpPacketWriter(PCMU, 0, 0, 0);
        writer.setPayloadType(PCMA);
        assertEquals(PCMA, writer.payloadType());
        writer.write(new byte[1], 0, 1, false, out);
        assertEquals("8008", Hex.hex(out, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> writer.setPayloadType(128));
        assertThrows(IllegalArgumentException.class, () -> writer.setPayloadType(-1));
    }

    @Test
    void rejectsBadArgumentsWithoutAdvancing() {
        assertThrows(IllegalArgumentException.class, () -> new RtpPacketWriter(PCMU, 65536, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new RtpPacketWriter(PCMU, 0, 1L << 32, 0));
        assertThrows(IllegalArgumentException.class, () -> new RtpPacketWriter(PCMU, 0, 0, -1));

        RtpPacketWriter writer = new RtpPacketWriter(PCMU, 5, 10, 0);
        byte[] small = new byte[20];
        assertThrows(IndexOutOfBoundsException.class, () -> writer.write(new byte[160], 0, 160, false, small));
        assertThrows(IndexOutOfBoundsException.class, () -> writer.write(new byte[10], 5, 6, false, out));
        assertEquals(5, writer.nextSequence());
        assertEquals(10, writer.nextTimestamp());
        assertArrayEquals(new byte[20], small, "nothing written before the size check");
    }
}
