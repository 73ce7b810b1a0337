package org.sipgateway.command;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The RTP line written as bytes is byte for byte the String form (PROTOCOL.md §1). */
class ServerTextTest {

    @Test
    void bufferAndStringFormsAgree() {
        byte[] packet = new byte[256 + 3];
        for (int i = 0; i < packet.length; i++) {
            packet[i] = (byte) i;
        }
        byte[] out = new byte[ServerText.rtpLineLength(256) + 2];
        Arrays.fill(out, (byte) '!');
        int written = ServerText.rtpLine(packet, 3, 256, out);
        String expected = ServerText.rtpLine(packet, 3, 256);
        assertEquals(ServerText.rtpLineLength(256), written);
        assertEquals(expected, new String(out, 0, written, StandardCharsets.US_ASCII));
        assertEquals("RTP:0304", expected.substring(0, 8));
        assertEquals('!', out[written], "nothing written past the line");
    }
}
