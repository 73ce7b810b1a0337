package org.sipgateway.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class G711Test {

    private static final int CODES = 256;

    /**
     * G.711 Table 2a decoding, written from the segment/quantisation description rather than the
     * G.191 code: magnitude = ((2 * mantissa + 33) * 2^segment - 33) * 4 in 16-bit units.
     */
    private static int expectedMuLawDecode(int code) {
        int inverted = ~code & 0xFF;
        int segment = (inverted >> 4) & 0x07;
        int mantissa = inverted & 0x0F;
        int magnitude = (((2 * mantissa + 33) << segment) - 33) * 4;
        return (inverted & 0x80) != 0 ? -magnitude : magnitude;
    }

    /**
     * G.711 Table 1a decoding: segment 0 has step 2 (of 4096), each later segment doubles it;
     * the output is the middle of the interval, scaled to 16 bits (x8).
     */
    private static int expectedALawDecode(int code) {
        int value = code ^ 0x55;
        int segment = (value >> 4) & 0x07;
        int mantissa = value & 0x0F;
        int magnitude = segment == 0
            ? (2 * mantissa + 1) * 8
            : (2 * mantissa + 33) << (segment + 2);
        return (value & 0x80) != 0 ? magnitude : -magnitude;
    }

    /** Segment-search mu-law encoder with the G.191 conventions (one's complement for negatives). */
    private static int expectedMuLawEncode(int linear) {
        int magnitude = linear >= 0 ? linear : -linear - 1;
        magnitude = Math.min(magnitude, 32635) + 132;
        int segment = 0;
        while (magnitude >= (256 << segment)) {
            segment++;
        }
        int mantissa = (magnitude >> (segment + 3)) & 0x0F;
        return ((segment << 4) | mantissa) ^ (linear >= 0 ? 0xFF : 0x7F);
    }

    /** Segment-search A-law encoder with the G.191 conventions (one's complement for negatives). */
    private static int expectedALawEncode(int linear) {
        int magnitude = (linear >= 0 ? linear : -linear - 1) >> 4;
        int segment = 0;
        while (segment < 7 && magnitude >= (16 << segment)) {
            segment++;
        }
        int mantissa = segment == 0 ? magnitude : (magnitude >> (segment - 1)) & 0x0F;
        return ((segment << 4) | mantissa | (linear >= 0 ? 0x80 : 0)) ^ 0x55;
    }

    @Test
    void metadataMatchesRfc3551AndWaveTags() {
        assertEquals(0, G711Codec.PCMU.payloadType());
        assertEquals(8, G711Codec.PCMA.payloadType());
        assertEquals("PCMU", G711Codec.PCMU.rtpName());
        assertEquals("PCMA", G711Codec.PCMA.rtpName());
        assertEquals(7, G711Codec.PCMU.wavFormatTag());
        assertEquals(6, G711Codec.PCMA.wavFormatTag());
        assertEquals((byte) 0xFF, G711Codec.PCMU.silence());
        assertEquals((byte) 0xD5, G711Codec.PCMA.silence());
        assertSame(G711Codec.PCMU, G711Codec.forPayloadType(0));
        assertSame(G711Codec.PCMA, G711Codec.forPayloadType(8));
        assertNull(G711Codec.forPayloadType(9));
        assertNull(G711Codec.forPayloadType(-1));
        assertSame(G711Codec.PCMU, G711Codec.forWavFormatTag(7));
        assertSame(G711Codec.PCMA, G711Codec.forWavFormatTag(6));
        assertNull(G711Codec.forWavFormatTag(1));
    }

    @Test
    void silenceIsTheCodeForZero() {
        for (G711Codec codec : G711Codec.values()) {
            assertEquals(codec.silence(), codec.encode((short) 0), codec.name());
            byte[] codes = new byte[4];
            codec.encode(new short[4], 0, codes, 0, 4);
            for (byte code : codes) {
                assertEquals(codec.silence(), code, codec.name());
            }
        }
    }

    @Test
    void knownDecodeValues() {
        assertEquals(-32124, G711Codec.PCMU.decode((byte) 0x00));
        assertEquals(32124, G711Codec.PCMU.decode((byte) 0x80));
        assertEquals(0, G711Codec.PCMU.decode((byte) 0xFF));
        assertEquals(0, G711Codec.PCMU.decode((byte) 0x7F));
        assertEquals(8, G711Codec.PCMA.decode((byte) 0xD5));
        assertEquals(-8, G711Codec.PCMA.decode((byte) 0x55));
        assertEquals(32256, G711Codec.PCMA.decode((byte) 0xAA));
        assertEquals(-32256, G711Codec.PCMA.decode((byte) 0x2A));
    }

    @Test
    void muLawDecodeMatchesTheSegmentFormula() {
        for (int code = 0; code < CODES; code++) {
            assertEquals(expectedMuLawDecode(code), G711Codec.PCMU.decode((byte) code), hex(code));
        }
    }

    @Test
    void aLawDecodeMatchesTheSegmentFormula() {
        for (int code = 0; code < CODES; code++) {
            assertEquals(expectedALawDecode(code), G711Codec.PCMA.decode((byte) code), hex(code));
        }
    }

    @Test
    void muLawDecodeThenEncodeRoundTripsExceptNegativeZero() {
        for (int code = 0; code < CODES; code++) {
            byte reencoded = G711Codec.PCMU.encode(G711Codec.PCMU.decode((byte) code));
            if (code == 0x7F) {
                // 0x7F is "negative zero": it decodes to 0, and 0 is encoded as the positive 0xFF.
                assertEquals((byte) 0xFF, reencoded);
            } else {
                assertEquals((byte) code, reencoded, hex(code));
            }
        }
    }

    @Test
    void aLawDecodeThenEncodeRoundTrips() {
        for (int code = 0; code < CODES; code++) {
            assertEquals((byte) code, G711Codec.PCMA.encode(G711Codec.PCMA.decode((byte) code)), hex(code));
        }
    }

    @Test
    void encodingEveryLinearValueIsMonotonic() {
        for (G711Codec codec : G711Codec.values()) {
            int previous = Integer.MIN_VALUE;
            for (int linear = Short.MIN_VALUE; linear <= Short.MAX_VALUE; linear++) {
                int decoded = codec.decode(codec.encode((short) linear));
                assertTrue(decoded >= previous, codec + " not monotonic at " + linear);
                previous = decoded;
            }
        }
    }

    @Test
    void encodingEveryLinearValueMatchesTheSegmentSearch() {
        for (int linear = Short.MIN_VALUE; linear <= Short.MAX_VALUE; linear++) {
            assertEquals((byte) expectedMuLawEncode(linear), G711Codec.PCMU.encode((short) linear), "mu " + linear);
            assertEquals((byte) expectedALawEncode(linear), G711Codec.PCMA.encode((short) linear), "A " + linear);
        }
    }

    @Test
    void muLawSegmentEdges() {
        // Biased magnitude (x + 132) crosses 256 << s at x = 124, 380, 892, 1916, 3964, 8060, 16252.
        int[] edges = {124, 380, 892, 1916, 3964, 8060, 16252};
        for (int segment = 1; segment <= edges.length; segment++) {
            int edge = edges[segment - 1];
            int below = ((segment - 1) << 4) | 0x0F;
            int at = segment << 4;
            // mu-law inverts every bit on the line; a set sign bit (after inversion) means positive.
            assertEdge(G711Codec.PCMU, edge - 1, below ^ 0xFF);
            assertEdge(G711Codec.PCMU, edge, at ^ 0xFF);
            assertEdge(G711Codec.PCMU, edge + 1, at ^ 0xFF);
            // Negative samples are folded by one's complement, so the edge sits at -(edge + 1).
            assertEdge(G711Codec.PCMU, -edge, below ^ 0x7F);
            assertEdge(G711Codec.PCMU, -edge - 1, at ^ 0x7F);
            assertEdge(G711Codec.PCMU, -edge - 2, at ^ 0x7F);
        }
        assertEdge(G711Codec.PCMU, 0, 0xFF);
        assertEdge(G711Codec.PCMU, 3, 0xFF);
        assertEdge(G711Codec.PCMU, 4, 0xFE);
        assertEdge(G711Codec.PCMU, -1, 0x7F);
        assertEdge(G711Codec.PCMU, -4, 0x7F);
        assertEdge(G711Codec.PCMU, -5, 0x7E);
    }

    @Test
    void aLawSegmentEdges() {
        // Segments 0 and 1 share one step size; segment s >= 1 starts at 256 << (s - 1).
        int[] edges = {256, 512, 1024, 2048, 4096, 8192, 16384};
        for (int segment = 1; segment <= edges.length; segment++) {
            int edge = edges[segment - 1];
            int below = ((segment - 1) << 4) | 0x0F;
            int at = segment << 4;
            assertEdge(G711Codec.PCMA, edge - 1, (0x80 | below) ^ 0x55);
            assertEdge(G711Codec.PCMA, edge, (0x80 | at) ^ 0x55);
            assertEdge(G711Codec.PCMA, edge + 1, (0x80 | at) ^ 0x55);
            assertEdge(G711Codec.PCMA, -edge, below ^ 0x55);
            assertEdge(G711Codec.PCMA, -edge - 1, at ^ 0x55);
            assertEdge(G711Codec.PCMA, -edge - 2, at ^ 0x55);
        }
        assertEdge(G711Codec.PCMA, 0, 0xD5);
        assertEdge(G711Codec.PCMA, 15, 0xD5);
        assertEdge(G711Codec.PCMA, 16, 0xD4);
        assertEdge(G711Codec.PCMA, -1, 0x55);
        assertEdge(G711Codec.PCMA, -16, 0x55);
        assertEdge(G711Codec.PCMA, -17, 0x54);
    }

    @Test
    void clipsAtFullScale() {
        assertEquals((byte) 0x80, G711Codec.PCMU.encode(Short.MAX_VALUE));
        assertEquals((byte) 0x00, G711Codec.PCMU.encode(Short.MIN_VALUE));
        for (int linear = 32635; linear <= Short.MAX_VALUE; linear++) {
            assertEquals((byte) 0x80, G711Codec.PCMU.encode((short) linear), "mu " + linear);
            assertEquals((byte) 0x00, G711Codec.PCMU.encode((short) (-linear - 1)), "mu " + (-linear - 1));
        }
        assertEquals((byte) 0xAA, G711Codec.PCMA.encode(Short.MAX_VALUE));
        assertEquals((byte) 0x2A, G711Codec.PCMA.encode(Short.MIN_VALUE));
        assertEquals((byte) 0xAA, G711Codec.PCMA.encode((short) 31744));
        assertEquals((byte) 0xAB, G711Codec.PCMA.encode((short) 31743));
    }

    @Test
    void arrayVersionsAgreeWithScalarOnes() {
        Random random = new Random(711);
        for (G711Codec codec : G711Codec.values()) {
            short[] pcm = new short[1000];
            for (int i = 0; i < pcm.length; i++) {
                pcm[i] = (short) random.nextInt();
            }
            byte[] codes = new byte[pcm.length + 10];
            codec.encode(pcm, 3, codes, 7, 990);
            for (int i = 0; i < 990; i++) {
                assertEquals(codec.encode(pcm[3 + i]), codes[7 + i], codec + " encode " + i);
            }
            assertEquals(0, codes[6]);
            assertEquals(0, codes[997]);

            byte[] all = new byte[CODES];
            for (int code = 0; code < CODES; code++) {
                all[code] = (byte) code;
            }
            short[] decoded = new short[CODES + 4];
            codec.decode(all, 0, decoded, 2, CODES);
            for (int code = 0; code < CODES; code++) {
                assertEquals(codec.decode((byte) code), decoded[2 + code], codec + " decode " + hex(code));
            }
            assertEquals(0, decoded[1]);
            assertEquals(0, decoded[CODES + 2]);
        }
    }

    @Test
    void arrayVersionsRejectOutOfRangeSlices() {
        short[] pcm = new short[10];
        byte[] codes = new byte[10];
        assertThrows(IndexOutOfBoundsException.class,
            () -> G711Codec.PCMU.encode(pcm, 5, codes, 0, 6));
        assertThrows(IndexOutOfBoundsException.class,
            () -> G711Codec.PCMA.decode(codes, 0, pcm, 5, 6));
    }

    private static void assertEdge(G711Codec codec, int linear, int expected) {
        assertEquals((byte) expected, codec.encode((short) linear), codec + " at " + linear);
        int search = codec == G711Codec.PCMU ? expectedMuLawEncode(linear) : expectedALawEncode(linear);
        assertEquals(expected, search, "test's own segment search at " + linear);
    }

    private static String hex(int code) {
        return String.format("code 0x%02X", code);
    }
}
