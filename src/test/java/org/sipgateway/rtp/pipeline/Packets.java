package org.sipgateway.rtp.pipeline;

import java.net.InetSocketAddress;

import org.sipgateway.rtp.RtpFrame;

/** Byte-exact RTP datagrams for the pipeline tests (RFC 3550 §5.1 fixed header, no CSRCs). */
final class Packets {

    private Packets() {
    }

    /** Version 2, no padding/extension/CSRC; payload bytes all {@code fill}. */
    static byte[] rtp(int payloadType, int sequence, long timestamp, long ssrc, int payloadLength, byte fill) {
        byte[] packet = new byte[12 + payloadLength];
        packet[0] = (byte) 0x80;
        packet[1] = (byte) payloadType;
        packet[2] = (byte) (sequence >>> 8);
        packet[3] = (byte) sequence;
        packet[4] = (byte) (timestamp >>> 24);
        packet[5] = (byte) (timestamp >>> 16);
        packet[6] = (byte) (timestamp >>> 8);
        packet[7] = (byte) timestamp;
        packet[8] = (byte) (ssrc >>> 24);
        packet[9] = (byte) (ssrc >>> 16);
        packet[10] = (byte) (ssrc >>> 8);
        packet[11] = (byte) ssrc;
        java.util.Arrays.fill(packet, 12, packet.length, fill);
        return packet;
    }

    static RtpFrame frame(byte[] datagram, InetSocketAddress from, long arrivalNanos) {
        RtpFrame frame = new RtpFrame();
        if (!frame.parse(datagram, 0, datagram.length)) {
            throw new IllegalArgumentException("not RTP: " + frame.failure());
        }
        frame.arrived(from, arrivalNanos);
        return frame;
    }
}
