package org.sipgateway.media;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.sipgateway.rtp.RtpPacket;
import org.sipgateway.rtp.RtpParseResult;
import org.sipgateway.support.PcapWriter;
import org.sipgateway.support.Tones;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The capture the inbound-audio tests feed SIPp, read back field by field. */
class PcapWriterTest {

    private static final long SSRC = 0xCAFE_F00DL;

    @Test
    void writesAClassicEthernetCaptureOfUdpRtp() {
        List<byte[]> rtp = PcapWriter.toneRtp(G711Codec.PCMA, 700, 5, 65_534, 0xFFFF_FF00L, SSRC);
        byte[] pcap = PcapWriter.every20ms(rtp, "192.0.2.10", 40_000, "192.0.2.20", 30_000);

        ByteBuffer file = ByteBuffer.wrap(pcap).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0xa1b2c3d4, file.getInt(), "magic, microsecond resolution");
        assertEquals(2, file.getShort());
        assertEquals(4, file.getShort());
        assertEquals(0, file.getInt(), "thiszone");
        assertEquals(0, file.getInt(), "sigfigs");
        assertEquals(65535, file.getInt(), "snaplen");
        assertEquals(1, file.getInt(), "linktype Ethernet");

        long previousMicros = -1;
        for (int i = 0; i < rtp.size(); i++) {
            long micros = file.getInt() * 1_000_000L + file.getInt();
            int captured = file.getInt();
            int original = file.getInt();
            assertEquals(original, captured, "not truncated");
            assertEquals(14 + 20 + 8 + 12 + 160, captured);
            if (previousMicros >= 0) {
                assertEquals(20_000, micros - previousMicros, "20 ms apart");
            }
            previousMicros = micros;

            byte[] frame = new byte[captured];
            file.get(frame);
            ByteBuffer f = ByteBuffer.wrap(frame); // network order
            assertEquals(0x0800, f.getShort(12) & 0xFFFF, "ethertype IPv4");
            assertEquals(0x45, frame[14] & 0xFF, "IPv4, 20-byte header");
            assertEquals(20 + 8 + 172, f.getShort(16) & 0xFFFF, "IP total length");
            assertEquals(17, frame[23] & 0xFF, "protocol UDP");
            assertEquals(0, PcapWriter.internetChecksum(frame, 14, 20, 0), "IP header checksum verifies");
            assertEquals("192.0.2.10", (frame[26] & 0xFF) + "." + (frame[27] & 0xFF) + "." + (frame[28] & 0xFF) + "." + (frame[29] & 0xFF));
            assertEquals(40_000, f.getShort(34) & 0xFFFF, "UDP source port");
            assertEquals(30_000, f.getShort(36) & 0xFFFF, "UDP destination port");
            assertEquals(8 + 172, f.getShort(38) & 0xFFFF, "UDP length");
            long pseudo = 0xC000 + 0x020A + 0xC000 + 0x0214 + 17 + 180;
            assertEquals(0, PcapWriter.internetChecksum(frame, 34, 180, pseudo), "UDP checksum verifies");

            RtpParseResult parsed = RtpPacket.parse(frame, 42, 172);
            assertTrue(parsed.isOk(), parsed::toString);
            RtpPacket packet = parsed.packet();
            assertEquals(2, packet.version());
            assertEquals(8, packet.payloadType());
            assertEquals(i == 0, packet.marker());
            assertEquals((65_534 + i) & 0xFFFF, packet.sequenceNumber());
            assertEquals((0xFFFF_FF00L + 160L * i) & 0xFFFF_FFFFL, packet.timestamp());
            assertEquals(SSRC, packet.ssrc());
            assertEquals(160, packet.payloadLength());
        }
        assertEquals(0, file.remaining());
    }

    @Test
    void thePayloadsCarryTheTone() {
        List<byte[]> rtp = PcapWriter.toneRtp(G711Codec.PCMU, 700, 10, 0, 0, SSRC);
        short[] pcm = new short[1600];
        for (int i = 0; i < rtp.size(); i++) {
            G711Codec.PCMU.decode(rtp.get(i), 12, pcm, i * 160, 160);
        }
        assertTrue(Tones.dominanceDb(pcm, 700, 8000) > 30);
    }
}
