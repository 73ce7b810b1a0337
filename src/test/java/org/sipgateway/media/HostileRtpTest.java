package org.sipgateway.media;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.sipgateway.rtp.RtpPacket;
import org.sipgateway.support.PcapWriter;
import org.sipgateway.support.FarEndSinkTestSupport;
import org.sipgateway.support.Wavs;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Garbage and strangers on a call's RTP port: during an answered call, the far end's socket (the
 * right source) sends datagrams that are not well-formed RTP, and another socket sends a valid
 * packet; then the far end sends valid packets. Only those reach the client, byte for byte and
 * in order, only they are recorded, the call stays up, and the gateway logs both kinds of drop
 * without an ERROR.
 */
class HostileRtpTest extends FarEndSinkTestSupport {

    private static final HexFormat HEX = HexFormat.of();
    private static final long SSRC = 0x0BAD_F00DL;
    private static final int VALID_PACKETS = 5;

    /** Name -> datagram; none of them is well-formed RTP (RFC 3550 §5.1, §5.3.1). */
    static Map<String, byte[]> malformed() {
        Map<String, byte[]> bad = new LinkedHashMap<>();
        bad.put("11 bytes, shorter than the fixed header", header(0x80, 11));
        bad.put("version 1", header(0x40, 12 + 160));
        bad.put("CSRC count 15 in a 20-byte packet", header(0x80 | 15, 20));
        byte[] extension = header(0x80 | 0x10, 12 + 4 + 8);
        ByteBuffer.wrap(extension).putShort(12, (short) 0xBEDE).putShort(14, (short) 100);
        bad.put("extension of 100 words in 24 bytes", extension);
        bad.put("extension header cut off", header(0x80 | 0x10, 14));
        byte[] padding = header(0x80 | 0x20, 12 + 4);
        padding[padding.length - 1] = (byte) 200;
        bad.put("padding count 200 with 4 bytes after the header", padding);
        byte[] zeroPadding = header(0x80 | 0x20, 12 + 4);
        bad.put("padding count 0", zeroPadding);
        return bad;
    }

    private static byte[] header(int firstByte, int length) {
        byte[] datagram = new byte[length];
        datagram[0] = (byte) firstByte;
        if (length >= 12) {
            ByteBuffer.wrap(datagram).put(1, (byte) 0).putShort(2, (short) 7).putInt(4, 1234).putInt(8, (int) SSRC);
        }
        return datagram;
    }

    @Test
    void dropsMalformedAndForeignPacketsAndKeepsTheCall() throws Exception {
        List<byte[]> valid = PcapWriter.toneRtp(G711Codec.PCMU, 700, VALID_PACKETS, 100, 16_000, SSRC);
        byte[] foreign = PcapWriter.toneRtp(G711Codec.PCMU, 700, 1, 500, 80_000, 0x51_7A_46_E5L).get(0);
        Map<String, byte[]> bad = malformed();
        String sinkAddress = "127.0.0.1:" + sink.port();
        try (WsClient client = connect(); DatagramSocket stranger = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            callAndExpectAnswer(client, "0912345678");

            // Silence when idle (the default): the gateway's first packets tell us its RTP address.
            InetSocketAddress gateway = sink.await(1, CALL_WAIT).get(0).source();
            assertEquals(offeredPort(), gateway.getPort(), "the gateway sends from the port it offered");

            for (byte[] datagram : bad.values()) {
                sink.send(datagram, gateway);
            }
            stranger.send(new DatagramPacket(foreign, foreign.length, gateway));
            for (byte[] packet : valid) {
                Thread.sleep(20);
                sink.send(packet, gateway);
            }

            List<String> lines = new ArrayList<>();
            while (lines.size() < VALID_PACKETS) {
                String message = client.next(CALL_WAIT);
                assertTrue(message.startsWith("RTP:"), "only audio during the call: " + message);
                lines.add(message);
            }
            String extra = ReceivedAudioTest.poll(client, Duration.ofMillis(500));
            assertNull(extra, "nothing for the dropped datagrams");
            for (int i = 0; i < VALID_PACKETS; i++) {
                assertEquals("RTP:" + HEX.formatHex(valid.get(i)), lines.get(i), "valid packet " + i + ", in order");
            }

            client.send("HANGUP");
            assertEquals("CALL_STATE:ENDED:local-bye", client.nextStartingWith("CALL_STATE", CALL_WAIT));
            assertSippSucceeded();
        } finally {
            sink.close();
        }

        List<String> lines = logs.lines();
        String rtpLog = lines.stream().filter(l -> l.contains("RTP")).collect(Collectors.joining("\n"));
        assertTrue(lines.stream().anyMatch(l -> l.contains("Dropping malformed RTP from /" + sinkAddress
                        + ": 11 bytes is shorter than the 12-byte fixed header")),
                "the first malformed datagram is logged with its reason:\n" + rtpLog);
        assertTrue(lines.stream().anyMatch(l -> l.contains("Dropping RTP from /127.0.0.1:")
                        && l.contains("the call's far end is /" + sinkAddress)),
                "the foreign packet is logged:\n" + rtpLog);
        assertTrue(lines.stream().anyMatch(l -> l.contains("RTP closed: received " + VALID_PACKETS + ", sent ")
                        && l.contains("dropped " + bad.size() + " malformed and 1 from unexpected sources")),
                "every drop is counted:\n" + rtpLog);
        List<String> errors = lines.stream().filter(l -> l.startsWith("ERROR")).collect(Collectors.toList());
        assertTrue(errors.isEmpty(), "no ERROR lines: " + errors);

        Path wav = onlyRecording();
        byte[] file = Files.readAllBytes(wav);
        WavInfo info = WavParser.parse(file);
        assertEquals(WavEncoding.MULAW, info.encoding());
        byte[] expected = new byte[VALID_PACKETS * 160];
        for (int i = 0; i < VALID_PACKETS; i++) {
            System.arraycopy(valid.get(i), RtpPacket.FIXED_HEADER_LENGTH, expected, i * 160, 160);
        }
        assertEquals(2, info.channels(), "both directions, stereo");
        byte[] farEnd = Wavs.channel(file, info.dataOffset(), info.dataLength(), 2, 0);
        int at = Wavs.indexOf(farEnd, expected);
        assertTrue(at >= 0, "the valid packets are recorded, in order");
        byte[] rest = Wavs.concat(Arrays.copyOfRange(farEnd, 0, at), Arrays.copyOfRange(farEnd, at + expected.length, farEnd.length));
        assertEquals(0, Wavs.trimmed(rest, G711Codec.PCMU.silence()).length, "and nothing else but silence");
        byte[] gateway = Wavs.channel(file, info.dataOffset(), info.dataLength(), 2, 1);
        assertEquals(0, Wavs.trimmed(gateway, G711Codec.PCMU.silence()).length, "the gateway sent silence");
    }

    private Path onlyRecording() throws Exception {
        List<Path> files;
        try (Stream<Path> list = Files.list(workDir.resolve("recordings"))) {
            files = list.collect(Collectors.toList());
        }
        assertEquals(1, files.size(), "one recording: " + files);
        assertFalse(files.get(0).toString().endsWith(".part"));
        return files.get(0);
    }

    private int offeredPort() {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("m=audio (\\d+) RTP/AVP 0 8 101").matcher(sipp.messages());
        assertTrue(m.find(), "the INVITE's SDP offer");
        return Integer.parseInt(m.group(1));
    }
}
