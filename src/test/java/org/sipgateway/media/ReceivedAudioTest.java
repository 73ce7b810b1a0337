package org.sipgateway.media;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.sipgateway.rtp.RtpPacket;
import org.sipgateway.rtp.RtpParseResult;
import org.sipgateway.support.PcapWriter;
import org.sipgateway.support.SipTestSupport;
import org.sipgateway.support.Tones;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Audio from the far end, end to end: SIPp answers the call through the WebSocket front door and
 * replays a capture of a 700 Hz G.711 RTP stream (play_pcap_audio) from the media port its SDP
 * answer names. The client gets every packet whole as {@code RTP:<hex>}, in order, and after the
 * hangup the recordings folder holds one complete WAV of the call in the negotiated codec,
 * carrying the tone: with {@code gateway.recording.legs=far-end}, the far end alone, mono, byte for
 * byte the payloads received.
 */
class ReceivedAudioTest extends SipTestSupport {

    static final int TONE_HZ = 700;
    /** 2.0 s of audio; the scenario pauses as long after the ACK. */
    static final int PACKETS = 100;
    /** Packets the client may miss: none, the port is bound before the INVITE offers it. */
    static final int MAX_LOSS = 0;
    static final int FIRST_SEQUENCE = 40_000;
    static final long FIRST_TIMESTAMP = 0x1234_5678L;
    static final long SSRC = 0x5EED_7001L;

    private static final HexFormat HEX = HexFormat.of();

    /** The RTP packets in the capture, in order; built before SIPp starts (from the constructor). */
    private List<byte[]> stream;

    @Override
    protected void sipSettings(Properties properties) {
        properties.setProperty("gateway.recording.legs", "far-end");
    }

    protected G711Codec codec() {
        return G711Codec.PCMU;
    }

    /**
     * How long after the ACK SIPp starts the stream (its -d): at once, as phones do. The gateway
     * binds the call's RTP port before its INVITE leaves, so not even the first packet may be lost.
     */
    protected int playDelayMillis() {
        return 0;
    }

    /** Packets the client may miss. */
    protected int maxLoss() {
        return MAX_LOSS;
    }

    @Override
    protected String scenario() {
        return "uas-answer-play-pcap.xml";
    }

    @Override
    protected String[] sippArguments() {
        if (stream == null) {
            stream = PcapWriter.toneRtp(codec(), TONE_HZ, PACKETS, FIRST_SEQUENCE, FIRST_TIMESTAMP, SSRC);
            PcapWriter.installForSipp(PcapWriter.every20ms(stream, "192.0.2.10", 40_000, "192.0.2.20", 30_000));
        }
        return new String[] {"-set", "rtp_pt", Integer.toString(codec().payloadType()),
                "-set", "rtp_codec", codec().rtpName(), "-d", Integer.toString(playDelayMillis())};
    }

    @Test
    void forwardsAndRecordsTheFarEndsAudio() throws Exception {
        // Post-mortem copy next to SIPp's logs.
        Files.write(sipp.directory().resolve("tone.pcap"),
                PcapWriter.every20ms(stream, "192.0.2.10", 40_000, "192.0.2.20", 30_000));
        List<String> rtpLines = new ArrayList<>();
        try (WsClient client = connect()) {
            client.send("CALL:0912345678");
            List<String> states = new ArrayList<>();
            while (!states.contains("CALL_STATE:ANSWERED")) {
                String message = client.next(CALL_WAIT);
                if (message.startsWith("RTP:")) {
                    rtpLines.add(message);
                } else if (message.startsWith("CALL_STATE:")) {
                    states.add(message);
                    assertFalse(message.startsWith("CALL_STATE:ENDED"), "the call ended: " + states);
                } else {
                    fail("unexpected message before the answer: " + message);
                }
            }
            assertEquals(List.of("CALL_STATE:CALLING", "CALL_STATE:RINGING", "CALL_STATE:ANSWERED"), states);
            assertTrue(rtpLines.isEmpty(), "no audio before the answer");
            expectMediaStart(client, codec().rtpName());

            // The stream lasts 2 s: take lines until all came, or none for a second.
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (rtpLines.size() < PACKETS && System.nanoTime() < deadline) {
                String message = poll(client, Duration.ofSeconds(rtpLines.isEmpty() ? 5 : 1));
                if (message == null) {
                    break;
                }
                assertTrue(message.startsWith("RTP:"), "only audio during the call: " + message);
                rtpLines.add(message);
            }
            // Nothing more: no duplicates, and SIPp has left its pause (a BYE during a SIPp pause
            // is "unexpected" and fails the call).
            String extra = poll(client, Duration.ofMillis(700));
            assertEquals(null, extra, "nothing after the stream");

            client.send("HANGUP");
            assertEquals("CALL_STATE:ENDED:local-bye", client.nextStartingWith("CALL_STATE", CALL_WAIT));
            assertSippSucceeded();
        }

        assertFalse(rtpLines.isEmpty(), () -> "no RTP line reached the client; gateway media log:\n" + mediaLog());
        // SIPp's replay leaves from [media_port], the address:port its answer named: nothing is
        // dropped as coming from an unexpected source.
        assertTrue(logs.lines().stream().anyMatch(l -> l.contains("RTP closed: received " + rtpLines.size() + ", sent ")
                && l.contains("dropped 0 malformed and 0 from unexpected sources")), this::mediaLog);
        assertTrue(rtpLines.size() >= PACKETS - maxLoss() && rtpLines.size() <= PACKETS,
                () -> rtpLines.size() + " RTP lines for " + PACKETS + " packets sent\n" + mediaLog());
        List<RtpPacket> packets = new ArrayList<>();
        int previousIndex = -1;
        for (String line : rtpLines) {
            byte[] datagram = HEX.parseHex(line.substring("RTP:".length()));
            RtpParseResult result = RtpPacket.parse(datagram, 0, datagram.length);
            assertTrue(result.isOk(), () -> "a whole RTP packet: " + result);
            RtpPacket packet = result.packet();
            assertEquals(2, packet.version());
            assertEquals(codec().payloadType(), packet.payloadType());
            assertEquals(SSRC, packet.ssrc());
            int index = (packet.sequenceNumber() - FIRST_SEQUENCE) & 0xFFFF;
            assertTrue(index > previousIndex && index < PACKETS,
                    "sequence numbers increase: " + packet.sequenceNumber() + " after index " + previousIndex);
            previousIndex = index;
            assertArrayEquals(stream.get(index), datagram, "packet " + index + " byte for byte, header included");
            packets.add(packet);
        }

        short[] heard = new short[packets.size() * 160];
        for (int i = 0; i < packets.size(); i++) {
            RtpPacket p = packets.get(i);
            codec().decode(p.buffer(), p.payloadOffset(), heard, i * 160, p.payloadLength());
        }
        double dominance = Tones.dominanceDb(heard, TONE_HZ, 8000);
        assertTrue(dominance > 20, "the client's audio carries the 700 Hz tone: " + dominance + " dB");

        assertRecording(packets);
    }

    private void assertRecording(List<RtpPacket> packets) throws Exception {
        Path recordings = workDir.resolve("recordings");
        List<Path> files;
        try (Stream<Path> list = Files.list(recordings)) {
            files = list.sorted().collect(Collectors.toList());
        }
        assertEquals(1, files.size(), "one complete recording, nothing else: " + files);
        Path wav = files.get(0);
        assertTrue(wav.getFileName().toString().endsWith(".wav"), wav.toString());

        byte[] file = Files.readAllBytes(wav);
        WavInfo info = WavParser.parse(file);
        assertEquals(codec() == G711Codec.PCMU ? WavEncoding.MULAW : WavEncoding.ALAW, info.encoding());
        assertEquals(8000, info.sampleRate());
        assertEquals(1, info.channels());
        assertEquals(codec().wavFormatTag(), formatTag(file), "WAVE format tag");
        long expectedMillis = PACKETS * 20L;
        assertTrue(Math.abs(info.durationMillis() - expectedMillis) <= 100,
                "recording lasts about as long as the capture: " + info.durationMillis() + " ms");
        assertTrue(info.frames() >= packets.size() * 160, "every received packet is in it");

        short[] recorded = new short[info.dataLength()];
        codec().decode(file, info.dataOffset(), recorded, 0, info.dataLength());
        double dominance = Tones.dominanceDb(recorded, TONE_HZ, 8000);
        assertTrue(dominance > 20, "the recording carries the 700 Hz tone: " + dominance + " dB");

        if (packets.size() == PACKETS) {
            // Nothing lost: the data is exactly the payloads, in order.
            byte[] expected = new byte[PACKETS * 160];
            for (int i = 0; i < PACKETS; i++) {
                System.arraycopy(stream.get(i), 12, expected, i * 160, 160);
            }
            byte[] data = java.util.Arrays.copyOfRange(file, info.dataOffset(), info.dataOffset() + info.dataLength());
            assertArrayEquals(expected, data, "the recording holds the received payloads, in order");
        }
    }

    /** wFormatTag of the fmt chunk, found by walking the RIFF chunks. */
    static int formatTag(byte[] file) {
        int position = 12;
        while (position + 8 <= file.length) {
            String id = new String(file, position, 4, java.nio.charset.StandardCharsets.US_ASCII);
            int size = (file[position + 4] & 0xFF) | (file[position + 5] & 0xFF) << 8
                    | (file[position + 6] & 0xFF) << 16 | (file[position + 7] & 0xFF) << 24;
            if (id.equals("fmt ")) {
                return (file[position + 8] & 0xFF) | (file[position + 9] & 0xFF) << 8;
            }
            position += 8 + size + (size & 1);
        }
        throw new AssertionError("no fmt chunk");
    }

    /** The next message, or null when none comes within {@code wait}. */
    static String poll(WsClient client, Duration wait) throws InterruptedException {
        try {
            return client.next(wait);
        } catch (AssertionFailedError timeout) {
            return null;
        }
    }

    private String mediaLog() {
        return logs.lines().stream()
                .filter(l -> l.contains("RTP") || l.contains("Recording") || l.contains("media"))
                .collect(Collectors.joining("\n"));
    }
}
