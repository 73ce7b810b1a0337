package org.sipgateway.recording;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

import org.sipgateway.media.G711Codec;
import org.sipgateway.rtp.RtpPacket;
import org.sipgateway.rtp.RtpParseResult;

/** Test material for recordings: RTP packets with recognisable payloads, and header field readers. */
final class RecordingFiles {

    static final int HEADER = 58;
    static final int PACKET = 160;

    private RecordingFiles() {
    }

    /** 160 payload bytes that differ from packet to packet and never equal a G.711 silence code run. */
    static byte[] payload(int sequence) {
        byte[] payload = new byte[PACKET];
        for (int i = 0; i < PACKET; i++) {
            // 0x10..0x8F: never 0xFF (mu-law silence) nor 0xD5 (A-law silence).
            payload[i] = (byte) (0x10 + ((sequence * 31 + i) & 0x7F));
        }
        return payload;
    }

    static RtpPacket packet(G711Codec codec, int sequence) {
        return packet(codec, sequence, payload(sequence));
    }

    static RtpPacket packet(G711Codec codec, int sequence, byte[] payload) {
        byte[] datagram = new byte[RtpPacket.FIXED_HEADER_LENGTH + payload.length];
        datagram[0] = (byte) 0x80;
        datagram[1] = (byte) codec.payloadType();
        datagram[2] = (byte) (sequence >>> 8);
        datagram[3] = (byte) sequence;
        long timestamp = 1000L + sequence * 160L;
        datagram[4] = (byte) (timestamp >>> 24);
        datagram[5] = (byte) (timestamp >>> 16);
        datagram[6] = (byte) (timestamp >>> 8);
        datagram[7] = (byte) timestamp;
        datagram[8] = 0x12;
        datagram[9] = 0x34;
        datagram[10] = 0x56;
        datagram[11] = 0x78;
        System.arraycopy(payload, 0, datagram, RtpPacket.FIXED_HEADER_LENGTH, payload.length);
        RtpParseResult result = RtpPacket.parse(datagram, 0, datagram.length);
        if (!result.isOk()) {
            throw new AssertionError("test packet does not parse: " + result.detail());
        }
        return result.packet();
    }

    static byte[] silence(G711Codec codec, int packets) {
        byte[] silence = new byte[packets * PACKET];
        Arrays.fill(silence, codec == G711Codec.PCMU ? (byte) 0xFF : (byte) 0xD5);
        return silence;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static long u32(byte[] file, int at) {
        return (file[at] & 0xFFL) | (file[at + 1] & 0xFFL) << 8 | (file[at + 2] & 0xFFL) << 16 | (file[at + 3] & 0xFFL) << 24;
    }

    static int u16(byte[] file, int at) {
        return (file[at] & 0xFF) | (file[at + 1] & 0xFF) << 8;
    }
}
