package org.sipgateway.ws;

import io.netty.buffer.ByteBuf;

/**
 * The base framing of RFC 6455 §5.2 for what a server sends: one unfragmented, unmasked frame
 * (FIN set, no RSV bits, no mask). Written in front of a message whose buffer left
 * {@link #ROOM} bytes free before its first byte ({@link SessionOutput#buffer}), so the frame
 * goes to the socket as one buffer, with no copy and no frame object.
 */
final class FrameHeader {

    /** The longest header: 2 bytes, then a 64-bit extended payload length. */
    static final int ROOM = 10;
    /** §5.2 opcodes. */
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    private static final int FIN = 0x80;
    /** §5.2 payload length: up to 125 in the second byte, else 126 (16-bit) or 127 (64-bit) follows. */
    private static final int MAX_SHORT_LENGTH = 125;
    private static final int LENGTH_16 = 126;
    private static final int LENGTH_64 = 127;
    private static final int MAX_16 = 0xFFFF;

    private FrameHeader() {
    }

    /** Puts the header before the readable bytes of {@code message} and moves its reader index onto it. */
    static void prepend(ByteBuf message, int opcode) {
        int length = message.readableBytes();
        int headerLength = length <= MAX_SHORT_LENGTH ? 2 : length <= MAX_16 ? 4 : ROOM;
        int at = message.readerIndex() - headerLength;
        if (at < 0) {
            throw new IllegalArgumentException("the message's buffer has " + message.readerIndex()
                    + " bytes before it, the frame header needs " + headerLength);
        }
        message.setByte(at, FIN | opcode);
        if (headerLength == 2) {
            message.setByte(at + 1, length);
        } else if (headerLength == 4) {
            message.setByte(at + 1, LENGTH_16);
            message.setShort(at + 2, length);
        } else {
            message.setByte(at + 1, LENGTH_64);
            message.setLong(at + 2, length);
        }
        message.readerIndex(at);
    }
}
