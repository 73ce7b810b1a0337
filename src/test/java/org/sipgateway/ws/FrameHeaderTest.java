package org.sipgateway.ws;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** RFC 6455 §5.2 headers written in front of a message, byte for byte, at each length form's edges. */
class FrameHeaderTest {

    @Test
    void aShortTextMessageHasTheTwoByteHeader() {
        ByteBuf message = withRoom("RTP:abcd".getBytes());
        FrameHeader.prepend(message, FrameHeader.TEXT);
        assertEquals("8108" + ByteBufUtil.hexDump("RTP:abcd".getBytes()), ByteBufUtil.hexDump(message));
    }

    @Test
    void oneHundredTwentyFiveBytesStillFitTheSecondByte() {
        ByteBuf message = withRoom(new byte[125]);
        FrameHeader.prepend(message, FrameHeader.BINARY);
        assertEquals("827d", ByteBufUtil.hexDump(message, message.readerIndex(), 2));
        assertEquals(2 + 125, message.readableBytes());
    }

    @Test
    void anRtpLineTakesTheSixteenBitLength() {
        // A 172-byte G.711 packet as RTP:<hex> is 348 bytes: 126, then 0x015c.
        ByteBuf message = withRoom(new byte[348]);
        FrameHeader.prepend(message, FrameHeader.TEXT);
        assertEquals("817e015c", ByteBufUtil.hexDump(message, message.readerIndex(), 4));
        assertEquals(4 + 348, message.readableBytes());
    }

    @Test
    void sixtyFiveThousandFiveHundredThirtyFiveIsTheLastSixteenBitLength() {
        ByteBuf message = withRoom(new byte[0xFFFF]);
        FrameHeader.prepend(message, FrameHeader.BINARY);
        assertEquals("827effff", ByteBufUtil.hexDump(message, message.readerIndex(), 4));
    }

    @Test
    void longerMessagesTakeTheSixtyFourBitLength() {
        ByteBuf message = withRoom(new byte[70_000]);
        FrameHeader.prepend(message, FrameHeader.BINARY);
        assertEquals("827f0000000000011170", ByteBufUtil.hexDump(message, message.readerIndex(), 10));
        assertEquals(0, message.readerIndex(), "the whole room is used");
    }

    @Test
    void aBufferWithoutRoomIsRefused() {
        ByteBuf message = Unpooled.wrappedBuffer(new byte[300]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FrameHeader.prepend(message, FrameHeader.TEXT));
        assertEquals("the message's buffer has 0 bytes before it, the frame header needs 4", e.getMessage());
        assertEquals(0, message.readerIndex(), "nothing moved");
    }

    private static ByteBuf withRoom(byte[] payload) {
        ByteBuf message = Unpooled.buffer(FrameHeader.ROOM + payload.length);
        message.writerIndex(FrameHeader.ROOM).readerIndex(FrameHeader.ROOM);
        return message.writeBytes(payload);
    }
}
