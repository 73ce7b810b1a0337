package org.sipgateway.bench;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Random;

import org.sipgateway.command.ServerText;
import org.sipgateway.rtp.MediaSink;
import org.sipgateway.rtp.RtpFrame;
import org.sipgateway.rtp.TestCallMedia;
import org.sipgateway.rtp.pipeline.InboundPipeline;

/**
 * One call's receive side as the in-process media benchmarks drive it: the far end's PCMU stream
 * and two sinks that do what the real ones do, without a socket or a disk behind them.
 */
public final class MediaFixture {

    public static final int PAYLOAD = 160;
    public static final int DATAGRAM = 12 + PAYLOAD;

    private MediaFixture() {
    }

    /** A pipeline for {@code call} with a {@link LineSink} and a {@link RingSink}, in that order. */
    public static InboundPipeline pipeline(TestCallMedia call, LineSink lines, RingSink ring) {
        return new InboundPipeline(call, List.of(lines, ring));
    }

    /** The far end: one 172-byte v2 PCMU datagram, reused, its sequence +1 and timestamp +160 per packet. */
    public static final class FarEnd {

        public final InetSocketAddress address;
        public final byte[] datagram = new byte[DATAGRAM];
        private int sequence;
        private long timestamp;

        public FarEnd(InetSocketAddress address, long ssrc) {
            this.address = address;
            datagram[0] = (byte) 0x80;
            datagram[1] = 0;
            datagram[8] = (byte) (ssrc >>> 24);
            datagram[9] = (byte) (ssrc >>> 16);
            datagram[10] = (byte) (ssrc >>> 8);
            datagram[11] = (byte) ssrc;
            byte[] payload = new byte[PAYLOAD];
            new Random(8).nextBytes(payload);
            System.arraycopy(payload, 0, datagram, 12, PAYLOAD);
            sequence = 1000;
            timestamp = 160_000;
        }

        /** Steps the header to the next packet and returns the datagram. */
        public byte[] next() {
            sequence = (sequence + 1) & 0xFFFF;
            timestamp = (timestamp + PAYLOAD) & 0xFFFFFFFFL;
            datagram[2] = (byte) (sequence >>> 8);
            datagram[3] = (byte) sequence;
            datagram[4] = (byte) (timestamp >>> 24);
            datagram[5] = (byte) (timestamp >>> 16);
            datagram[6] = (byte) (timestamp >>> 8);
            datagram[7] = (byte) timestamp;
            return datagram;
        }
    }

    /**
     * The session sink's work: the packet's {@code RTP:<hex>} line written into a pooled buffer,
     * as {@code ClientAudio} does; its last byte is kept so that it must be built.
     */
    public static final class LineSink implements MediaSink {

        public byte last;
        public long lines;
        private final byte[] text = new byte[ServerText.rtpLineLength(InboundPipeline.MAX_DATAGRAM)];

        @Override
        public void packet(RtpFrame frame) {
            int bytes = ServerText.rtpLine(frame.buffer(), frame.offset(), frame.length(), text);
            io.netty.buffer.ByteBuf line = io.netty.buffer.ByteBufAllocator.DEFAULT.directBuffer(bytes);
            line.writeBytes(text, 0, bytes);
            last = line.getByte(line.writerIndex() - 1);
            line.release();
            lines++;
        }
    }

    /** The recording's work on the packet thread: ordered audio copied into a preallocated ring. */
    public static final class RingSink implements MediaSink {

        private final byte[] ring = new byte[64 * PAYLOAD];
        private int position;
        public long bytes;

        @Override
        public boolean wantsAudio() {
            return true;
        }

        @Override
        public void audio(byte[] data, int offset, int length) {
            if (position + length > ring.length) {
                position = 0;
            }
            System.arraycopy(data, offset, ring, position, length);
            position += length;
            bytes += length;
        }
    }
}
