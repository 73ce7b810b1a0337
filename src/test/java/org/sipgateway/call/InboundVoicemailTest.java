package org.sipgateway.call;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.sipgateway.media.G711Codec;
import org.sipgateway.media.WavInfo;
import org.sipgateway.media.WavParser;
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
 * gateway.inbound.unclaimed=direct:inbound-voicemail: a call nobody listens for is answered by
 * the route, the caller hears the greeting, what the caller says is recorded, and the gateway
 * hangs up after gateway.inbound.voicemail-seconds.
 */
class InboundVoicemailTest extends InboundCallTestSupport {

    private static final int GREETING_HZ = 1000;
    private static final int MESSAGE_HZ = 700;
    private static final int PACKETS = 50;

    @Override
    protected void inboundSettings(Properties properties) {
        properties.setProperty("gateway.inbound.unclaimed", "direct:inbound-voicemail");
        properties.setProperty("gateway.inbound.voicemail-seconds", "3");
        properties.setProperty("gateway.recording.legs", "far-end");
        properties.setProperty("gateway.rtp.silence-when-idle", "false");
    }

    @Test
    void theCallerHearsTheGreetingAndIsRecorded() throws Exception {
        try (WsClient client = connect()) {
            client.send("WAV_UPLOAD:greeting.wav:" + Wavs.base64(Wavs.tone(8000, GREETING_HZ, PACKETS * 160, 0.5)));
            assertTrue(client.next(WAIT).startsWith("WAV_ACK:stored greeting.wav"));
        }
        Sipp caller = call("uac-inbound-call.xml");
        int gatewayPort = answeredRtpPort(caller);
        List<RtpSink.Received> greeting = sink.await(PACKETS, WAIT);
        double heard = Tones.dominanceDb(RtpSink.decode(greeting.subList(0, PACKETS), G711Codec.PCMU), GREETING_HZ, 8000);
        assertTrue(heard > 20, "the caller hears the greeting: " + heard + " dB");

        sink.sendEvery20ms(PcapWriter.toneRtp(G711Codec.PCMU, MESSAGE_HZ, PACKETS, 500, 80_000, 0x7701_0001L),
                new InetSocketAddress("127.0.0.1", gatewayPort));
        assertCallerSucceeded(caller);

        Path recordings = workDir.resolve("recordings");
        Path wav = null;
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (wav == null && System.nanoTime() < deadline) {
            try (Stream<Path> files = Files.list(recordings)) {
                wav = files.filter(f -> f.toString().endsWith(".wav")).findFirst().orElse(null);
            }
            if (wav == null) {
                Thread.sleep(50);
            }
        }
        assertTrue(wav != null, "the message is recorded");
        byte[] file = Files.readAllBytes(wav);
        WavInfo info = WavParser.parse(file);
        assertEquals(1, info.channels(), "far end only");
        short[] message = new short[info.dataLength()];
        G711Codec.PCMU.decode(file, info.dataOffset(), message, 0, info.dataLength());
        assertTrue(Tones.dominanceDb(message, MESSAGE_HZ, 8000) > 20, "the recording holds the caller's 700 Hz");
        assertTrue(logs.lines().stream().anyMatch(l -> l.contains("Call reached 3 s")), "hung up after voicemail-seconds");
        assertEquals(1, logs.lines().stream().filter(l -> l.contains("Voicemail answers the call")).count());
    }
}
