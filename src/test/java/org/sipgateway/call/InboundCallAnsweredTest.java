package org.sipgateway.call;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.sipgateway.media.G711Codec;
import org.sipgateway.rtp.RtpPacket;
import org.sipgateway.support.InboundCallTestSupport;
import org.sipgateway.support.PcapWriter;
import org.sipgateway.support.RtpSink;
import org.sipgateway.support.Sipp;
import org.sipgateway.support.Tones;
import org.sipgateway.support.Wavs;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PROTOCOL.md §9 end to end: SIPp calls the gateway, a listening session gets INCOMING and
 * answers, and the call carries audio both ways. The far end's 700 Hz tone (sent from the media
 * socket its offer names) reaches the session as RTP lines; the session's 1 kHz WAV reaches the
 * far end's socket. The session hangs up; the caller gets the BYE, and the call is recorded.
 */
class InboundCallAnsweredTest extends InboundCallTestSupport {

    private static final int FAR_END_HZ = 700;
    private static final int CLIENT_HZ = 1000;
    private static final int PACKETS = 50;
    private static final HexFormat HEX = HexFormat.of();

    @Override
    protected void inboundSettings(Properties properties) {
        properties.setProperty("gateway.rtp.silence-when-idle", "false");
    }

    @Test
    void aListeningSessionAnswersAndHearsAndIsHeard() throws Exception {
        try (WsClient client = connect()) {
            client.send("WAV_UPLOAD:tone.wav:" + Wavs.base64(Wavs.tone(8000, CLIENT_HZ, PACKETS * 160, 0.5)));
            assertTrue(client.next(WAIT).startsWith("WAV_ACK:stored tone.wav"));
            listen(client, "09[0-9]+");
            Sipp caller = call("uac-inbound-call.xml");
            String callId = awaitIncoming(client);

            client.send("ANSWER");
            assertEquals("CALL_STATE:ANSWERED", client.next(WAIT));
            assertEquals("MEDIA_START:codec=PCMU;rate=8000;ptime=20;call=" + callId.replace("%3A", ":"), client.next(WAIT));

            int gatewayPort = answeredRtpPort(caller);
            List<byte[]> tone = PcapWriter.toneRtp(G711Codec.PCMU, FAR_END_HZ, PACKETS, 1000, 160_000, 0x1B0B_0001L);
            sink.sendEvery20ms(tone, new InetSocketAddress("127.0.0.1", gatewayPort));
            List<RtpPacket> heard = new ArrayList<>();
            while (heard.size() < PACKETS) {
                String line = client.nextStartingWith("RTP:", WAIT);
                byte[] datagram = HEX.parseHex(line.substring("RTP:".length()));
                heard.add(RtpPacket.parse(datagram, 0, datagram.length).packet());
            }
            short[] samples = new short[PACKETS * 160];
            for (int i = 0; i < PACKETS; i++) {
                RtpPacket packet = heard.get(i);
                G711Codec.PCMU.decode(packet.buffer(), packet.payloadOffset(), samples, i * 160, packet.payloadLength());
            }
            double farEnd = Tones.dominanceDb(samples, FAR_END_HZ, 8000);
            assertTrue(farEnd > 20, "the session hears the caller's 700 Hz: " + farEnd + " dB");

            client.send("PLAY_WAV:tone.wav");
            assertEquals("PLAY_DONE:tone.wav", client.nextStartingWith("PLAY_DONE", WAIT));
            List<RtpSink.Received> played = sink.await(PACKETS, WAIT);
            assertTrue(played.stream().allMatch(p -> p.source().getPort() == gatewayPort), "sent from the answered port");
            double clientTone = Tones.dominanceDb(RtpSink.decode(played.subList(0, PACKETS), G711Codec.PCMU), CLIENT_HZ, 8000);
            assertTrue(clientTone > 20, "the caller hears the session's 1 kHz: " + clientTone + " dB");

            client.send("HANGUP");
            assertEquals("CALL_STATE:ENDED:local-bye", client.nextStartingWith("CALL_STATE", WAIT));
            assertCallerSucceeded(caller);
        }
        Path recordings = workDir.resolve("recordings");
        try (Stream<Path> files = Files.list(recordings)) {
            List<Path> wavs = files.filter(f -> f.toString().endsWith(".wav")).toList();
            assertEquals(1, wavs.size(), "the answered call is recorded: " + wavs);
        }
    }
}
