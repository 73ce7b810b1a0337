package org.sipgateway.testline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sipgateway.sip.SdpAnswer;
import org.sipgateway.sip.SdpAnswerParser;

/**
 * A call over real SIP/UDP from {@link RawSipClient}, then RTP from the offer's media socket: it comes back byte
 * for byte, while non-RTP datagrams and packets from other sources are not reflected.
 */
class TestLineEchoTest {

    private TestLine line;
    private RawSipClient sip;
    private DatagramSocket media;
    private DatagramSocket stranger;

    @BeforeEach
    void start() throws Exception {
        line = TestLine.start("127.0.0.1", 0, TestLineOptions.defaults());
        sip = new RawSipClient(line.sipPort());
        media = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        stranger = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @AfterEach
    void stop() {
        media.close();
        stranger.close();
        sip.close();
        line.close();
    }

    @Test
    void echoesRtpFromTheCallsMediaAddressOnly() throws Exception {
        sip.invite(RawSipClient.sdp(media.getLocalPort(), "8 0 101",
                "rtpmap:8 PCMA/8000", "rtpmap:0 PCMU/8000", "rtpmap:101 telephone-event/8000"));
        List<RawSipClient.Message> provisional = new ArrayList<>();
        RawSipClient.Message ok = sip.expect(200, 5000, provisional);
        assertEquals(List.of(100, 180), provisional.stream().map(RawSipClient.Message::status).toList());
        assertNotNull(ok.toTag(), "200 OK has a To tag");
        assertEquals(ok.toTag(), provisional.get(1).toTag(), "180 and 200 carry the same To tag");
        assertEquals("sip:testline@" + line.hostPort(), ok.contactUri());

        SdpAnswer answer = SdpAnswerParser.parse(ok.body());
        assertEquals("127.0.0.1", answer.connectionAddress());
        assertEquals(line.rtpPort(), answer.rtpPort());
        assertEquals("PCMA", answer.codecName(), "the first G.711 codec of the offer");
        assertEquals(101, answer.telephoneEventPayloadType());

        // The 200 OK is retransmitted until the ACK arrives (RFC 3261 §13.3.1.4): hold the ACK back.
        RawSipClient.Message again = sip.expect(200, 3000, new ArrayList<>());
        assertEquals(ok.toTag(), again.toTag());
        sip.ack2xx(ok);
        assertEquals(1, line.activeCalls());

        InetSocketAddress rtpTarget = new InetSocketAddress(InetAddress.getLoopbackAddress(), answer.rtpPort());
        for (int seq = 1; seq <= 5; seq++) {
            byte[] packet = rtp(seq);
            media.send(new DatagramPacket(packet, packet.length, rtpTarget));
            assertArrayEquals(packet, receive(media, 2000), "echo of packet " + seq);
        }

        byte[] notRtp = "hello, not RTP".getBytes(StandardCharsets.US_ASCII);
        media.send(new DatagramPacket(notRtp, notRtp.length, rtpTarget));
        byte[] version1 = rtp(6);
        version1[0] = 0x40; // RTP version 1
        media.send(new DatagramPacket(version1, version1.length, rtpTarget));
        byte[] fromStranger = rtp(7);
        stranger.send(new DatagramPacket(fromStranger, fromStranger.length, rtpTarget));
        // The echo handles datagrams in order, so once this one is back the three above were judged.
        byte[] last = rtp(8);
        media.send(new DatagramPacket(last, last.length, rtpTarget));
        assertArrayEquals(last, receive(media, 2000), "only the valid packet comes back");
        assertNull(receive(stranger, 200), "a packet from another port is not reflected");
        assertEquals(6, line.echoedPackets());
        assertEquals(3, line.droppedPackets());

        sip.send("BYE", ok.contactUri(), 2, ok.toTag(), null, null, null);
        sip.expect(200);
        assertEquals(0, line.activeCalls());

        byte[] afterBye = rtp(9);
        media.send(new DatagramPacket(afterBye, afterBye.length, rtpTarget));
        assertNull(receive(media, 300), "no echo once the call has ended");
        assertEquals(6, line.echoedPackets());
    }

    /** RTP version 2, PCMA, 160 bytes of payload that differ per packet. */
    static byte[] rtp(int seq) {
        byte[] p = new byte[12 + 160];
        p[0] = (byte) 0x80;
        p[1] = 8;
        p[2] = (byte) (seq >> 8);
        p[3] = (byte) seq;
        int ts = seq * 160;
        p[4] = (byte) (ts >> 24);
        p[5] = (byte) (ts >> 16);
        p[6] = (byte) (ts >> 8);
        p[7] = (byte) ts;
        p[8] = 0x12;
        p[9] = 0x34;
        p[10] = 0x56;
        p[11] = 0x78;
        Arrays.fill(p, 12, p.length, (byte) (0x55 ^ seq));
        return p;
    }

    static byte[] receive(DatagramSocket socket, int timeoutMs) throws Exception {
        socket.setSoTimeout(timeoutMs);
        byte[] buffer = new byte[2048];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            socket.receive(packet);
        } catch (SocketTimeoutException e) {
            return null;
        }
        assertTrue(packet.getLength() > 0);
        return Arrays.copyOf(packet.getData(), packet.getLength());
    }
}
