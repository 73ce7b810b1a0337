package org.sipgateway.recording;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.sipgateway.media.G711Codec;
import org.sipgateway.media.WavInfo;
import org.sipgateway.media.WavParser;
import org.sipgateway.rtp.RtpPacketWriter;
import org.sipgateway.support.FarEndSinkTestSupport;
import org.sipgateway.support.RtpSink;
import org.sipgateway.support.Tones;
import org.sipgateway.support.Wavs;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PROTOCOL.md §6, recording of both directions (the default): the client streams a 440 Hz tone,
 * and the far end answers the first packet of it with a 1 kHz tone of its own. The call's
 * recording is a stereo PCMU WAV: channel 1 holds the far end's 1 kHz, channel 2 the streamed
 * 440 Hz, and the two start within two packet times of each other, as they did on the wire.
 */
class TwoLegRecordingTest extends FarEndSinkTestSupport {

    private static final int FAR_PACKETS = 100;
    private static final int LOUD = 4000;

    @Test
    void channelOneIsTheFarEndChannelTwoTheGateway() throws Exception {
        short[] streamed = Tones.sine(440, 8000, 2 * 8000, 12000);
        try (WsClient client = connect()) {
            client.send("AUDIO_FORMAT:l16");
            assertEquals("AUDIO_FORMAT:l16", client.next());
            callAndExpectAnswer(client, "0912345678");
            InetSocketAddress gateway = sink.await(1, CALL_WAIT).get(0).source();
            client.sendBinary(Tones.littleEndian(streamed, 0, streamed.length));
            client.send("MARK:streamed");
            awaitFirstTonePacket();
            sendFarEndTone(gateway);
            assertEquals("MARK_DONE:streamed", client.next(CALL_WAIT));
            hangUpAndExpectLocalBye(client);
            assertSippSucceeded();
        }

        byte[] file = Files.readAllBytes(awaitRecording());
        WavInfo info = WavParser.parse(file);
        assertEquals(2, info.channels(), "stereo");
        assertEquals(8000, info.sampleRate());
        short[] farEnd = decode(Wavs.channel(file, info.dataOffset(), info.dataLength(), 2, 0));
        short[] gatewaySide = decode(Wavs.channel(file, info.dataOffset(), info.dataLength(), 2, 1));

        int farOnset = onset(farEnd);
        int gatewayOnset = onset(gatewaySide);
        assertTrue(farOnset >= 0 && gatewayOnset >= 0, "both tones are in the recording");
        assertTrue(Math.abs(farOnset - gatewayOnset) <= 2 * 160,
                "time-aligned: the far end's tone starts at sample " + farOnset + ", the gateway's at " + gatewayOnset);
        short[] farTone = Arrays.copyOfRange(farEnd, farOnset + 160, farOnset + 160 + 8000);
        short[] gatewayTone = Arrays.copyOfRange(gatewaySide, gatewayOnset + 160, gatewayOnset + 160 + 8000);
        double far = Tones.dominanceDb(farTone, 1000, 8000);
        double near = Tones.dominanceDb(gatewayTone, 440, 8000);
        assertTrue(far > 20, "channel 1 carries the far end's 1 kHz: " + far + " dB");
        assertTrue(near > 20, "channel 2 carries the streamed 440 Hz: " + near + " dB");
        assertTrue(Tones.dominanceDb(farTone, 440, 8000) < 0, "no 440 Hz in channel 1");
        assertTrue(Tones.dominanceDb(gatewayTone, 1000, 8000) < 0, "no 1 kHz in channel 2");
    }

    /** Polls the far end's capture until a packet carries more than silence. */
    private void awaitFirstTonePacket() throws InterruptedException {
        long deadline = System.nanoTime() + CALL_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (RtpSink.Received packet : sink.received()) {
                byte[] data = packet.data();
                for (int i = 12; i < data.length; i++) {
                    if (data[i] != G711Codec.PCMU.silence()) {
                        return;
                    }
                }
            }
            Thread.sleep(1);
        }
        throw new AssertionError("the streamed tone never reached the far end");
    }

    /** The far end's 1 kHz, two seconds of PCMU packets on a 20 ms schedule. */
    private void sendFarEndTone(InetSocketAddress gateway) {
        short[] tone = Tones.sine(1000, 8000, FAR_PACKETS * 160, 12000);
        byte[] payload = new byte[160];
        byte[] packet = new byte[12 + 160];
        RtpPacketWriter writer = new RtpPacketWriter(0);
        long start = System.nanoTime();
        for (int i = 0; i < FAR_PACKETS; i++) {
            G711Codec.PCMU.encode(tone, i * 160, payload, 0, 160);
            int length = writer.write(payload, 0, 160, i == 0, packet);
            LockSupport.parkNanos(start + i * 20_000_000L - System.nanoTime());
            sink.send(Arrays.copyOf(packet, length), gateway);
        }
    }

    private Path awaitRecording() throws Exception {
        Path dir = workDir.resolve("recordings");
        long deadline = System.nanoTime() + CALL_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            List<Path> done;
            try (Stream<Path> list = Files.list(dir)) {
                done = list.filter(p -> p.toString().endsWith(".wav")).collect(Collectors.toList());
            }
            if (!done.isEmpty()) {
                assertEquals(1, done.size(), "one recording: " + done);
                return done.get(0);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no complete recording in " + dir);
    }

    private static short[] decode(byte[] pcmu) {
        short[] samples = new short[pcmu.length];
        G711Codec.PCMU.decode(pcmu, 0, samples, 0, pcmu.length);
        return samples;
    }

    private static int onset(short[] samples) {
        for (int i = 0; i < samples.length; i++) {
            if (Math.abs(samples[i]) > LOUD) {
                return i;
            }
        }
        return -1;
    }
}
