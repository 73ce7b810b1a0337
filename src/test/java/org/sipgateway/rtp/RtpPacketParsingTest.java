package org.sipgateway.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sipgateway.rtp.RtpParseResult.Reason;

class RtpPacketParsingTest {

    /** Expected fields of a well-formed packet; offsets are relative to the packet start. */
    record Valid(String name, String hex, boolean marker, int payloadType, int sequence, long timestamp, long ssrc,
                 long[] csrcs, boolean extension, int extensionProfile, int extensionOffset, int extensionLength,
                 int payloadOffset, String payloadHex, boolean padding, int paddingLength) {
        @Override
        public String toString() {
            return name;
        }
    }

    record Hostile(String name, String hex, Reason reason, String detail) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Valid> validPackets() {
        return Stream.of(
                new Valid("minimal PCMU packet",
                        "80 00 1234 00000064 deadbeef | ff7f0080",
                        false, 0, 0x1234, 100, 0xDEADBEEFL, new long[0], false, 0, 12, 0,
                        12, "ff7f0080", false, 0),
                new Valid("marker bit with PCMA",
                        "80 88 ffff ffffffff 00000001 d5d5",
                        true, 8, 65535, 0xFFFFFFFFL, 1, new long[0], false, 0, 12, 0,
                        12, "d5d5", false, 0),
                new Valid("two CSRCs then payload",
                        "82 12 0001 00000000 00000002 11111111 fedcba98 aabb",
                        false, 18, 1, 0, 2, new long[] {0x11111111L, 0xFEDCBA98L}, false, 0, 20, 0,
                        20, "aabb", false, 0),
                new Valid("one-word header extension with profile 0xBEDE",
                        "90 00 0002 00000a00 00000003 bede 0001 10aa0000 7f7f",
                        false, 0, 2, 2560, 3, new long[0], true, 0xBEDE, 16, 4,
                        20, "7f7f", false, 0),
                new Valid("four bytes of padding removed from the payload",
                        "a0 00 0003 00000000 00000004 01020304 000000 04",
                        false, 0, 3, 0, 4, new long[0], false, 0, 12, 0,
                        12, "01020304", true, 4),
                new Valid("padding that is only the count octet",
                        "a0 00 0003 00000000 00000004 0102 01",
                        false, 0, 3, 0, 4, new long[0], false, 0, 12, 0,
                        12, "0102", true, 1),
                new Valid("padding that leaves the payload empty",
                        "a0 00 0003 00000000 00000004 0000 03",
                        false, 0, 3, 0, 4, new long[0], false, 0, 12, 0,
                        12, "", true, 3),
                new Valid("CSRC, empty extension and padding together",
                        "b1 80 0004 00000000 00000005 cafebabe 1000 0000 55 0000 03",
                        true, 0, 4, 0, 5, new long[] {0xCAFEBABEL}, true, 0x1000, 20, 0,
                        20, "55", true, 3),
                new Valid("exactly the fixed header: empty payload",
                        "80 00 0000 00000000 00000000",
                        false, 0, 0, 0, 0, new long[0], false, 0, 12, 0,
                        12, "", false, 0));
    }

    static Stream<Hostile> hostilePackets() {
        return Stream.of(
                new Hostile("empty datagram", "",
                        Reason.TOO_SHORT, "0 bytes is shorter than the 12-byte fixed header"),
                new Hostile("11 bytes", "80 00 0001 00000000 000000",
                        Reason.TOO_SHORT, "11 bytes is shorter than the 12-byte fixed header"),
                new Hostile("version 1", "40 00 0001 00000000 00000000 ff",
                        Reason.BAD_VERSION, "version 1, expected 2"),
                new Hostile("version 0", "00 00 0001 00000000 00000000 ff",
                        Reason.BAD_VERSION, "version 0, expected 2"),
                new Hostile("version 3", "c0 00 0001 00000000 00000000 ff",
                        Reason.BAD_VERSION, "version 3, expected 2"),
                new Hostile("CSRC count 15 in a 20-byte packet", "8f 00 0001 00000000 00000000 11111111 22222222",
                        Reason.CSRC_OVERRUN, "CSRC count 15 needs 72 bytes, packet has 20"),
                new Hostile("CSRC count 1 in a bare header", "81 00 0001 00000000 00000000",
                        Reason.CSRC_OVERRUN, "CSRC count 1 needs 16 bytes, packet has 12"),
                new Hostile("extension length past the end", "90 00 0001 00000000 00000000 bede 0002 00000000",
                        Reason.EXTENSION_OVERRUN,
                        "header extension of 2 words runs past the end (needs 24 bytes, packet has 20)"),
                new Hostile("extension length 0xFFFF", "90 00 0001 00000000 00000000 bede ffff 00000000",
                        Reason.EXTENSION_OVERRUN,
                        "header extension of 65535 words runs past the end (needs 262156 bytes, packet has 20)"),
                new Hostile("extension header cut off", "90 00 0001 00000000 00000000 bede 00",
                        Reason.EXTENSION_TRUNCATED, "header extension header needs 4 bytes at offset 12, packet has 15"),
                new Hostile("extension header missing after CSRC", "91 00 0001 00000000 00000000 11111111",
                        Reason.EXTENSION_TRUNCATED, "header extension header needs 4 bytes at offset 16, packet has 16"),
                new Hostile("padding count 0", "a0 00 0001 00000000 00000000 0102 00",
                        Reason.BAD_PADDING, "padding count 0 is zero or exceeds the payload of 3 bytes"),
                new Hostile("padding longer than the payload", "a0 00 0001 00000000 00000000 0102 04",
                        Reason.BAD_PADDING, "padding count 4 is zero or exceeds the payload of 3 bytes"),
                new Hostile("padding count 255 exceeding the whole packet", "a0 00 0001 00000000 00000000 01 ff",
                        Reason.BAD_PADDING, "padding count 255 is zero or exceeds the payload of 2 bytes"),
                new Hostile("padding reaching back into the CSRC list", "a1 00 0001 00000000 00000000 11111111 00 06",
                        Reason.BAD_PADDING, "padding count 6 is zero or exceeds the payload of 2 bytes"),
                new Hostile("padding bit without any payload area", "a0 00 0001 00000000 00000001",
                        Reason.BAD_PADDING, "padding count 1 is zero or exceeds the payload of 0 bytes"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validPackets")
    void parsesWellFormedPacket(Valid v) {
        byte[] datagram = Hex.bytes(v.hex());
        RtpParseResult result = RtpPacket.parse(datagram, 0, datagram.length);

        assertTrue(result.isOk(), () -> result.toString());
        RtpPacket p = result.packet();
        assertEquals(2, p.version());
        assertEquals(v.marker(), p.marker());
        assertEquals(v.payloadType(), p.payloadType());
        assertEquals(v.sequence(), p.sequenceNumber());
        assertEquals(v.timestamp(), p.timestamp());
        assertEquals(v.ssrc(), p.ssrc());
        assertEquals(v.csrcs().length, p.csrcCount());
        assertArrayEquals(v.csrcs(), p.csrcs());
        assertEquals(v.extension(), p.hasExtension());
        assertEquals(v.extensionProfile(), p.extensionProfile());
        assertEquals(v.extensionOffset(), p.extensionOffset());
        assertEquals(v.extensionLength(), p.extensionLength());
        assertEquals(v.payloadOffset(), p.payloadOffset());
        assertEquals(v.payloadHex(), Hex.hex(p.buffer(), p.payloadOffset(), p.payloadLength()));
        assertEquals(v.payloadHex(), Hex.hex(p.payloadCopy(), 0, p.payloadLength()));
        assertEquals(v.padding(), p.hasPadding());
        assertEquals(v.paddingLength(), p.paddingLength());
        assertEquals(datagram.length, p.length());
        assertTrue(p.buffer() == datagram, "the packet is a view, not a copy");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostilePackets")
    void rejectsMalformedPacket(Hostile h) {
        byte[] datagram = Hex.bytes(h.hex());
        RtpParseResult result = RtpPacket.parse(datagram, 0, datagram.length);

        assertFalse(result.isOk());
        assertEquals(h.reason(), result.reason());
        assertEquals(h.detail(), result.detail());
        assertThrows(IllegalStateException.class, result::packet);
    }

    @Test
    void honoursSubRangeOfLargerArray() {
        // The padded packet sits between junk; the trailing 0x00 would be a bad padding count if it were read.
        byte[] array = Hex.bytes("eeeeeeee | a0 08 0102 00000010 00000020 d5d5d5 0000 03 | 00");
        RtpParseResult result = RtpPacket.parse(array, 4, 18);

        assertTrue(result.isOk(), () -> result.toString());
        RtpPacket p = result.packet();
        assertEquals(4, p.offset());
        assertEquals(18, p.length());
        assertEquals(0x0102, p.sequenceNumber());
        assertEquals(16, p.payloadOffset());
        assertEquals(3, p.payloadLength());
        assertEquals(3, p.paddingLength());
        assertArrayEquals(Hex.bytes("d5d5d5"), p.payloadCopy());

        byte[] dst = Hex.bytes("0000000000");
        p.copyPayload(dst, 1);
        assertArrayEquals(Hex.bytes("00d5d5d500"), dst);
    }

    @Test
    void sizesTheCheckByTheRangeNotTheArray() {
        byte[] array = Hex.bytes("ff 80 00 0001 00000000 00000000 ffff");
        RtpParseResult result = RtpPacket.parse(array, 1, 11);

        assertEquals(Reason.TOO_SHORT, result.reason());
        assertEquals("11 bytes is shorter than the 12-byte fixed header", result.detail());
    }

    @Test
    void reportsInvalidRangesInsteadOfThrowing() {
        byte[] array = new byte[20];
        assertEquals("datagram array is null", RtpPacket.parse(null, 0, 12).detail());
        assertEquals("offset -1 and length 12 do not fit an array of 20 bytes", RtpPacket.parse(array, -1, 12).detail());
        assertEquals("offset 10 and length 12 do not fit an array of 20 bytes", RtpPacket.parse(array, 10, 12).detail());
        assertEquals("offset 0 and length -5 do not fit an array of 20 bytes", RtpPacket.parse(array, 0, -5).detail());
        assertEquals(Reason.INVALID_RANGE,
                RtpPacket.parse(array, Integer.MAX_VALUE, Integer.MAX_VALUE).reason());
    }

    @Test
    void okResultHasNoReason() {
        byte[] datagram = Hex.bytes("80 00 0000 00000000 00000000");
        RtpParseResult result = RtpPacket.parse(datagram, 0, datagram.length);
        assertThrows(IllegalStateException.class, result::reason);
        assertThrows(IllegalStateException.class, result::detail);
    }

    @Test
    void csrcIndexIsChecked() {
        byte[] datagram = Hex.bytes("81 00 0000 00000000 00000000 00000001");
        RtpPacket p = RtpPacket.parse(datagram, 0, datagram.length).packet();
        assertEquals(1, p.csrc(0));
        assertThrows(IndexOutOfBoundsException.class, () -> p.csrc(1));
        assertThrows(IndexOutOfBoundsException.class, () -> p.csrc(-1));
    }

    @Test
    void fuzzedDatagramsNeverThrowAndStayInBounds() {
        Random random = new Random(0x5EED_0F_2026L);
        byte[][] seeds = validPackets().map(v -> Hex.bytes(v.hex())).toArray(byte[][]::new);
        int accepted = 0;
        int rejected = 0;

        for (int i = 0; i < 60_000; i++) {
            byte[] datagram = i % 2 == 0 ? randomDatagram(random) : mutate(seeds[random.nextInt(seeds.length)], random);
            int prefix = random.nextInt(4);
            int suffix = random.nextInt(4);
            byte[] array = new byte[prefix + datagram.length + suffix];
            random.nextBytes(array);
            System.arraycopy(datagram, 0, array, prefix, datagram.length);
            int length = random.nextInt(50) == 0 ? datagram.length + random.nextInt(9) - 4 : datagram.length;

            RtpParseResult result;
            try {
                result = RtpPacket.parse(array, prefix, length);
                if (result.isOk()) {
                    assertInBounds(result.packet(), array, prefix, length);
                    accepted++;
                } else {
                    assertFalse(result.detail().isEmpty());
                    rejected++;
                }
            } catch (RuntimeException e) {
                fail("iteration " + i + " threw on " + Hex.hex(array, 0, array.length)
                        + " offset " + prefix + " length " + length, e);
            }
        }
        assertTrue(accepted > 1_000, "fuzzer should reach accepting paths, accepted " + accepted);
        assertTrue(rejected > 1_000, "fuzzer should reach rejecting paths, rejected " + rejected);
    }

    private static void assertInBounds(RtpPacket p, byte[] array, int offset, int length) {
        int end = offset + length;
        assertTrue(length >= RtpPacket.FIXED_HEADER_LENGTH);
        assertTrue(p.payloadType() >= 0 && p.payloadType() <= 127);
        assertTrue(p.sequenceNumber() >= 0 && p.sequenceNumber() <= 0xFFFF);
        assertTrue(p.timestamp() >= 0 && p.timestamp() <= 0xFFFF_FFFFL);
        assertTrue(p.ssrc() >= 0 && p.ssrc() <= 0xFFFF_FFFFL);
        assertTrue(offset + 12 + 4 * p.csrcCount() <= p.payloadOffset());
        if (p.hasExtension()) {
            assertTrue(p.extensionOffset() >= offset + 16 + 4 * p.csrcCount());
            assertEquals(p.payloadOffset(), p.extensionOffset() + p.extensionLength());
        } else {
            assertEquals(0, p.extensionLength());
        }
        assertTrue(p.payloadLength() >= 0);
        assertTrue(p.paddingLength() >= 0);
        assertEquals(end, p.payloadOffset() + p.payloadLength() + p.paddingLength());
        assertTrue(end <= array.length);
        if (p.hasPadding()) {
            assertEquals(array[end - 1] & 0xFF, p.paddingLength());
        }
        assertEquals(p.csrcCount(), p.csrcs().length);
        assertEquals(p.payloadLength(), p.payloadCopy().length);
        assertFalse(p.toString().isEmpty());
    }

    private static byte[] randomDatagram(Random random) {
        byte[] datagram = new byte[random.nextInt(80)];
        random.nextBytes(datagram);
        if (datagram.length > 0 && random.nextBoolean()) {
            datagram[0] = (byte) (0x80 | datagram[0] & 0x3F);
        }
        return datagram;
    }

    private static byte[] mutate(byte[] seed, Random random) {
        int newLength = random.nextInt(4) == 0 ? Math.max(0, seed.length + random.nextInt(17) - 8) : seed.length;
        byte[] datagram = new byte[newLength];
        System.arraycopy(seed, 0, datagram, 0, Math.min(seed.length, newLength));
        for (int j = seed.length; j < newLength; j++) {
            datagram[j] = (byte) random.nextInt(256);
        }
        int flips = 1 + random.nextInt(3);
        for (int j = 0; j < flips && newLength > 0; j++) {
            int at = random.nextInt(Math.min(newLength, 20));
            datagram[at] ^= (byte) (1 << random.nextInt(8));
        }
        return datagram;
    }
}
