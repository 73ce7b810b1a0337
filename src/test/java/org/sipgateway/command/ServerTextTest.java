package org.sipgateway.command;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The RTP line written straight into a buffer is byte for byte the String form (PROTOCOL.md §1). */
class ServerTextTest {

    @Test
    void bufferAndStringFormsAgree() {
        byte[] packet = new byte[256 + 3];
        for (int i = 0; i < packet.length; i++) {
            packet[i] = (byte) i;
        }
        ByteBuf out = Unpooled.buffer();
        ServerText.rtpLine(packet, 3, 256, out);
        String expected = ServerText.rtpLine(packet, 3, 256);
        assertEquals(ServerText.rtpLineLength(256), out.readableBytes());
        assertEquals(expected, out.toString(StandardCharsets.US_ASCII));
        assertEquals("RTP:0304", expected.substring(0, 8));
        out.release();
    }
}
