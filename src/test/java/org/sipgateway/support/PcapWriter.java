package org.sipgateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.sipgateway.media.G711Codec;

/**
 * Writes a classic libpcap capture (not pcapng) of UDP/IPv4 datagrams over Ethernet, the format
 * SIPp's {@code <exec play_pcap_audio="..."/>} replays.
 *
 * <p>File layout (all fields of the file and record headers little-endian, as written by a
 * little-endian host; readers recognise the byte order from the magic):
 * <ul>
 * <li>global header, 24 bytes: magic {@code 0xa1b2c3d4} (microsecond timestamps), version 2.4,
 * thiszone 0, sigfigs 0, snaplen 65535, linktype 1 (Ethernet);</li>
 * <li>per packet a 16-byte record header: seconds, microseconds, captured length, original length
 * (always equal: SIPp refuses truncated captures), then the frame.</li>
 * </ul>
 * Each frame (network byte order): a 14-byte Ethernet II header (destination and source MAC,
 * ethertype 0x0800), a 20-byte IPv4 header (version 4, IHL 5, total length, identification
 * counting up, DF, TTL 64, protocol 17, header checksum), an 8-byte UDP header (ports, length,
 * checksum over the IPv4 pseudo header) and the UDP payload.
 *
 * <p>What SIPp 3.6.1 needs of it ({@code prepare_pcap.c}): link type 1 (Ethernet) or 113 (Linux
 * cooked), caplen == len, ethertype IPv4 or IPv6, IP protocol UDP; it uses the IHL to find the UDP
 * header and the UDP length field as the datagram length, so both must be right. It replaces the
 * addresses and ports and recomputes the UDP checksum itself, so the checksum written here only
 * matters to other tools (Wireshark), and is correct for them. The destination port of each
 * packet relative to the lowest destination port in the file is kept as an offset when SIPp
 * rewrites ports, so every packet here uses one destination port.
 */
public final class PcapWriter {

    public static final int MAGIC = 0xa1b2c3d4;
    public static final int LINKTYPE_ETHERNET = 1;
    public static final int SNAPLEN = 65535;

    static final int ETHERNET_HEADER = 14;
    static final int IPV4_HEADER = 20;
    static final int UDP_HEADER = 8;
    static final int ETHERTYPE_IPV4 = 0x0800;
    static final int PROTOCOL_UDP = 17;

    private static final byte[] SOURCE_MAC = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};
    private static final byte[] DESTINATION_MAC = {0x02, 0x00, 0x00, 0x00, 0x00, 0x02};

    private final byte[] sourceIp;
    private final int sourcePort;
    private final byte[] destinationIp;
    private final int destinationPort;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int identification = 1;
    private int count;

    public PcapWriter(String sourceIp, int sourcePort, String destinationIp, int destinationPort) {
        this.sourceIp = ipv4(sourceIp);
        this.sourcePort = sourcePort;
        this.destinationIp = ipv4(destinationIp);
        this.destinationPort = destinationPort;
        ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(MAGIC).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                .putInt(SNAPLEN).putInt(LINKTYPE_ETHERNET);
        out.writeBytes(header.array());
    }

    private static byte[] ipv4(String address) {
        try {
            byte[] bytes = InetAddress.getByName(address).getAddress();
            if (bytes.length != 4) {
                throw new IllegalArgumentException("not an IPv4 address: " + address);
            }
            return bytes;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(address, e);
        }
    }

    /** Appends one datagram carrying {@code udpPayload}, captured {@code micros} after the epoch. */
    public PcapWriter add(long micros, byte[] udpPayload) {
        byte[] frame = frame(udpPayload);
        ByteBuffer record = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        record.putInt((int) (micros / 1_000_000)).putInt((int) (micros % 1_000_000))
                .putInt(frame.length).putInt(frame.length);
        out.writeBytes(record.array());
        out.writeBytes(frame);
        count++;
        return this;
    }

    public int packets() {
        return count;
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }

    public Path writeTo(Path file) {
        try {
            return Files.write(file, toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] frame(byte[] payload) {
        int udpLength = UDP_HEADER + payload.length;
        int ipLength = IPV4_HEADER + udpLength;
        if (ipLength > 0xFFFF) {
            throw new IllegalArgumentException("datagram too large: " + payload.length);
        }
        ByteBuffer frame = ByteBuffer.allocate(ETHERNET_HEADER + ipLength); // big-endian
        frame.put(DESTINATION_MAC).put(SOURCE_MAC).putShort((short) ETHERTYPE_IPV4);

        int ip = frame.position();
        frame.put((byte) 0x45)                       // version 4, IHL 5 words
                .put((byte) 0)                       // DSCP/ECN
                .putShort((short) ipLength)
                .putShort((short) identification++)
                .putShort((short) 0x4000)            // DF, fragment offset 0
                .put((byte) 64)                      // TTL
                .put((byte) PROTOCOL_UDP)
                .putShort((short) 0)                 // checksum, filled in below
                .put(sourceIp).put(destinationIp);
        byte[] bytes = frame.array();
        frame.putShort(ip + 10, (short) internetChecksum(bytes, ip, IPV4_HEADER, 0));

        int udp = frame.position();
        frame.putShort((short) sourcePort).putShort((short) destinationPort)
                .putShort((short) udpLength).putShort((short) 0).put(payload);
        long pseudo = sum(sourceIp, 0, 4) + sum(destinationIp, 0, 4) + PROTOCOL_UDP + udpLength;
        int udpChecksum = internetChecksum(bytes, udp, udpLength, pseudo);
        // RFC 768: a computed 0 is sent as all ones (0 means "no checksum").
        frame.putShort(udp + 6, (short) (udpChecksum == 0 ? 0xFFFF : udpChecksum));
        return bytes;
    }

    /** RFC 1071 ones' complement of the ones' complement sum of 16-bit words, plus {@code initial}. */
    public static int internetChecksum(byte[] data, int offset, int length, long initial) {
        long total = initial + sum(data, offset, length);
        while ((total >>> 16) != 0) {
            total = (total & 0xFFFF) + (total >>> 16);
        }
        return (int) (~total & 0xFFFF);
    }

    private static long sum(byte[] data, int offset, int length) {
        long total = 0;
        for (int i = 0; i + 1 < length; i += 2) {
            total += ((data[offset + i] & 0xFF) << 8) | (data[offset + i + 1] & 0xFF);
        }
        if ((length & 1) != 0) {
            total += (data[offset + length - 1] & 0xFF) << 8;
        }
        return total;
    }

    /**
     * A 20 ms G.711 RTP stream of a sine tone: 12-byte headers (V=2, no padding, extension or
     * CSRC; marker on the first packet), sequence +1 and timestamp +160 per packet, one SSRC, and
     * 160 payload bytes each, the tone's phase continuing across packets.
     */
    public static List<byte[]> toneRtp(G711Codec codec, double frequency, int packets, int firstSequence,
                                       long firstTimestamp, long ssrc) {
        short[] pcm = Tones.sine(frequency, 8000, packets * 160, 0.5 * 32767);
        List<byte[]> stream = new ArrayList<>(packets);
        for (int i = 0; i < packets; i++) {
            ByteBuffer packet = ByteBuffer.allocate(12 + 160);
            packet.put((byte) 0x80)
                    .put((byte) ((i == 0 ? 0x80 : 0) | codec.payloadType()))
                    .putShort((short) (firstSequence + i))
                    .putInt((int) (firstTimestamp + 160L * i))
                    .putInt((int) ssrc);
            codec.encode(pcm, i * 160, packet.array(), 12, 160);
            stream.add(packet.array());
        }
        return stream;
    }

    /**
     * Writes {@code pcap} where the SIPp scenarios that replay a capture load it from
     * ({@code ../sipgateway-inbound-tone.pcap} from SIPp's folder in java.io.tmpdir), atomically,
     * so a SIPp starting meanwhile never reads half a file. Call it before SIPp starts.
     */
    public static void installForSipp(byte[] pcap) {
        java.nio.file.Path dir = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"));
        try {
            java.nio.file.Path temp = java.nio.file.Files.createTempFile(dir, "pcap-", ".tmp");
            java.nio.file.Files.write(temp, pcap);
            java.nio.file.Files.move(temp, dir.resolve("sipgateway-inbound-tone.pcap"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A capture of {@code datagrams} sent 20 ms apart, from a capture start of 1.7e9 s. */
    public static byte[] every20ms(List<byte[]> datagrams, String sourceIp, int sourcePort,
                                   String destinationIp, int destinationPort) {
        PcapWriter writer = new PcapWriter(sourceIp, sourcePort, destinationIp, destinationPort);
        long start = 1_700_000_000_000_000L;
        for (int i = 0; i < datagrams.size(); i++) {
            writer.add(start + 20_000L * i, datagrams.get(i));
        }
        return writer.toByteArray();
    }
}
