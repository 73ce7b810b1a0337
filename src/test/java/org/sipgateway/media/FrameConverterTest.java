package org.sipgateway.media;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** One 20 ms G.711 frame in each session format (PROTOCOL.md §6): sizes and byte order. */
class FrameConverterTest {

    @Test
    void eachFormat() {
        byte[] frame = new byte[160];
        short[] pcm = new short[160];
        for (int i = 0; i < 160; i++) {
            pcm[i] = (short) (i * 100 - 8000);
            frame[i] = G711Codec.PCMU.encode(pcm[i]);
        }
        FrameConverter converter = new FrameConverter();
        byte[] out = new byte[640];

        assertEquals(160, converter.convert(frame, 0, G711Codec.PCMU, AudioFormat.PCMU, out));
        assertEquals(frame[7], out[7], "same codec: the bytes as they came");

        assertEquals(160, converter.convert(frame, 0, G711Codec.PCMU, AudioFormat.PCMA, out));
        assertEquals(G711Codec.PCMA.encode(G711Codec.PCMU.decode(frame[7])), out[7], "transcoded through linear");

        assertEquals(320, converter.convert(frame, 0, G711Codec.PCMU, AudioFormat.L16, out));
        short decoded = G711Codec.PCMU.decode(frame[7]);
        assertEquals((byte) decoded, out[14], "little-endian low byte first");
        assertEquals((byte) (decoded >> 8), out[15]);

        assertEquals(640, converter.convert(frame, 0, G711Codec.PCMU, AudioFormat.L16_16K, out));
    }

    @Test
    void formatsByWireName() {
        assertEquals(AudioFormat.L16_16K, AudioFormat.fromWire("l16-16k"));
        assertEquals(AudioFormat.OFF, AudioFormat.fromWire("off"));
        assertEquals(null, AudioFormat.fromWire("L16"));
    }
}
