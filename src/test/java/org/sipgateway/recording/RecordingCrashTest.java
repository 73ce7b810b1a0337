package org.sipgateway.recording;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sipgateway.media.G711Codec;
import org.sipgateway.media.WavEncoding;
import org.sipgateway.media.WavHeaders;
import org.sipgateway.media.WavInfo;
import org.sipgateway.media.WavParser;
import org.sipgateway.rtp.RtpPacket;
import org.sipgateway.rtp.RtpParseResult;
import org.sipgateway.support.FreePorts;
import org.sipgateway.support.GatewayProcess;
import org.sipgateway.support.Tones;
import org.sipgateway.support.Wavs;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * SIGKILL during a call: the gateway process records a call to the built-in test line (which
 * echoes the played tone back), is killed without warning, and the next start turns the
 * {@code .wav.part} it left into a playable {@code .wav} that lost at most a second of what the
 * client had already heard.
 */
class RecordingCrashTest {

    private static final int TONE_HZ = 1000;
    private static final int RATE = 8000;
    /** 10 s of 8 kHz 16-bit mono: 160 KB, well under the 1 MiB upload limit. */
    private static final int TONE_SAMPLES = 10 * RATE;
    private static final long LISTEN_MILLIS = 3000;
    private static final Duration START_WAIT = Duration.ofSeconds(40);
    private static final Duration STEP_WAIT = Duration.ofSeconds(15);
    private static final long MAX_LOSS_MILLIS = 1000;
    private static final byte MULAW_SILENCE = (byte) 0xFF;

    /** One RTP line the client got: sequence number and payload. */
    private record Line(int sequence, byte[] payload) {
    }

    private static Map<String, String> settings(Path recordings, Path uploads) {
        return Map.of(
                "gateway.ws.port", Integer.toString(FreePorts.tcp()),
                "gateway.ws.host", "127.0.0.1",
                "gateway.sip.bind-host", "127.0.0.1",
                "gateway.sip.port", Integer.toString(FreePorts.udpAndTcp()),
                "gateway.upload.dir", uploads.toString(),
                "gateway.recording.dir", recordings.toString());
    }

    private static Line parseLine(String message) {
        byte[] datagram = HexFormat.of().parseHex(message.substring("RTP:".length()));
        RtpParseResult result = RtpPacket.parse(datagram, 0, datagram.length);
        assertTrue(result.isOk(), () -> "RTP line does not parse: " + message);
        RtpPacket packet = result.packet();
        assertEquals(G711Codec.PCMU.payloadType(), packet.payloadType(), "the test line answers PCMU");
        return new Line(packet.sequenceNumber(), packet.payloadCopy());
    }

    /** Reads messages until one equals {@code wanted}, keeping every RTP line met on the way. */
    private static void readUntil(WsClient client, String wanted, List<Line> lines) throws InterruptedException {
        long deadline = System.nanoTime() + STEP_WAIT.toNanos();
        while (true) {
            String message = client.next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (message.startsWith("RTP:")) {
                lines.add(parseLine(message));
            } else if (message.equals(wanted)) {
                return;
            } else if (message.startsWith("ERROR") || message.startsWith("CALL_STATE:ENDED")) {
                fail("waiting for " + wanted + ", got " + message);
            }
        }
    }

    private static List<Path> list(Path dir, String glob) throws Exception {
        List<Path> found = new ArrayList<>();
        try (var stream = Files.newDirectoryStream(dir, glob)) {
            stream.forEach(found::add);
        }
        return found;
    }

    private static String describe(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName() + " (" + p.toFile().length() + " bytes)").toList().toString();
        } catch (java.io.IOException e) {
            return "(cannot list " + dir + ": " + e + ")";
        }
    }

    private static int u32(byte[] file, int at) {
        return (int) RecordingFiles.u32(file, at);
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aKilledGatewayLeavesARecordingTheNextStartRepairs() throws Exception {
        Path recordings = Files.createTempDirectory("gw-rec-crash");
        Path uploads = Files.createTempDirectory("gw-up-crash");
        Map<String, String> first = settings(recordings, uploads);
        byte[] tone = Wavs.tone(RATE, TONE_HZ, TONE_SAMPLES, 0.5);
        assertTrue(tone.length < 1024 * 1024);

        List<Line> lines = new ArrayList<>();
        Path part;
        String firstLog;
        try (GatewayProcess gateway = GatewayProcess.start(first, START_WAIT)) {
            WsClient client = WsClient.connect(gateway.wsPort(), "sip-audio-protocol");
            try {
                client.send("WAV_UPLOAD:tone.wav:" + Wavs.base64(tone));
                assertTrue(client.next(STEP_WAIT).startsWith("WAV_ACK:stored tone.wav"));
                client.send("CALL:0912345678");
                readUntil(client, "CALL_STATE:ANSWERED", lines);
                client.send("PLAY_WAV:tone.wav");
                readUntil(client, "WAV_ACK:playing tone.wav", lines);

                long listenUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LISTEN_MILLIS);
                while (System.nanoTime() < listenUntil) {
                    String message = client.next(STEP_WAIT);
                    if (message.startsWith("RTP:")) {
                        lines.add(parseLine(message));
                    } else {
                        fail("unexpected message while the tone plays: " + message);
                    }
                }
                List<Path> parts = list(recordings, "*.wav.part");
                assertEquals(1, parts.size(), () -> "one recording in progress: " + parts);
                part = parts.get(0);

                gateway.kill();
                firstLog = gateway.log();
            } finally {
                client.close();
            }
        }

        int heard = lines.size();
        assertTrue(heard >= 100, "the client got " + heard + " RTP lines (expected ~150 in 3 s and more before)");
        assertTrue(Files.exists(part), () -> "SIGKILL leaves the .part: " + describe(recordings));
        assertTrue(list(recordings, "*.wav").isEmpty(), "no finished recording before the restart");
        byte[] crashed = Files.readAllBytes(part);
        assertTrue(crashed.length >= RecordingFiles.HEADER);
        assertEquals(G711Codec.PCMU.wavFormatTag(), RecordingFiles.u16(crashed, 20));
        int staleDataSize = u32(crashed, 54);
        assertTrue(staleDataSize > 0 && staleDataSize <= crashed.length - RecordingFiles.HEADER,
                "the last checkpoint's size " + staleDataSize + " is within the " + (crashed.length - RecordingFiles.HEADER)
                        + " data bytes on disk");

        String name = part.getFileName().toString();
        Path wav = recordings.resolve(name.substring(0, name.length() - ".part".length()));
        String secondLog;
        try (GatewayProcess restarted = GatewayProcess.start(settings(recordings, uploads), START_WAIT)) {
            restarted.terminate(STEP_WAIT);
            secondLog = restarted.log();
        }
        assertTrue(secondLog.contains("Repaired recording " + wav.getFileName()), secondLog);

        assertFalse(Files.exists(part), () -> "the .part is gone: " + describe(recordings));
        assertEquals(List.of(wav), list(recordings, "*.wav"), () -> describe(recordings));
        byte[] file = Files.readAllBytes(wav);
        WavInfo info = WavParser.parse(file);
        assertEquals(WavEncoding.MULAW, info.encoding());
        assertEquals(RATE, info.sampleRate());
        assertEquals(2, info.channels(), "both directions, the default");
        assertEquals(RecordingFiles.HEADER, info.dataOffset());
        assertEquals(file.length - RecordingFiles.HEADER, info.dataLength(), "sizes from the file length");
        assertEquals(crashed.length, file.length, "the repair neither adds nor drops audio");
        assertArrayEquals(WavHeaders.g711Header(G711Codec.PCMU, 2, file.length - RecordingFiles.HEADER),
                Arrays.copyOf(file, RecordingFiles.HEADER), "header sizes from the file length");
        assertArrayEquals(withHeaderOf(crashed, file), file, "the repair changed only the header");

        long heardMillis = heard * 20L;
        long recordedMillis = info.durationMillis();
        long lossMillis = heardMillis - recordedMillis;
        System.out.printf("RecordingCrashTest: client heard %d packets = %d ms, recording holds %d ms, loss %d ms"
                + " (last checkpoint had %d ms)%n", heard, heardMillis, recordedMillis, lossMillis, staleDataSize / 16);
        assertTrue(recordedMillis >= heardMillis - MAX_LOSS_MILLIS,
                "a crash loses at most a second: heard " + heardMillis + " ms, recorded " + recordedMillis + " ms");
        assertTrue(recordedMillis <= heardMillis + MAX_LOSS_MILLIS,
                "not more than was received: heard " + heardMillis + " ms, recorded " + recordedMillis + " ms");

        // Byte for byte, the recording's channel 1 holds what the client heard, in the same places.
        byte[] data = Wavs.channel(file, RecordingFiles.HEADER, file.length - RecordingFiles.HEADER, 2, 0);
        int firstSequence = lines.get(0).sequence();
        int compared = 0;
        int playedFrom = -1;
        for (Line line : lines) {
            int offset = ((line.sequence() - firstSequence) & 0xFFFF) * 160;
            if (offset + line.payload().length > data.length) {
                continue;
            }
            assertArrayEquals(line.payload(), Arrays.copyOfRange(data, offset, offset + line.payload().length),
                    "recorded audio of packet " + line.sequence());
            compared++;
            if (playedFrom < 0 && !allSilence(line.payload())) {
                playedFrom = offset;
            }
        }
        assertTrue(compared >= heard - MAX_LOSS_MILLIS / 20, "compared " + compared + " of " + heard + " packets");
        assertTrue(playedFrom >= 0, "the tone reached the recording");

        short[] pcm = new short[data.length - playedFrom];
        G711Codec.PCMU.decode(data, playedFrom, pcm, 0, pcm.length);
        int toneSamples = Math.min(pcm.length, 2 * RATE);
        assertTrue(toneSamples >= RATE, "at least a second of the tone was recorded: " + toneSamples + " samples");
        short[] played = Arrays.copyOf(pcm, toneSamples);
        double dominance = Tones.dominanceDb(played, TONE_HZ, RATE);
        assertTrue(dominance > 20, "the 1 kHz tone stands " + dominance + " dB above its neighbours");
        double level = Tones.rms(played, 0, played.length);
        double playedLevel = 0.5 * 32767 / Math.sqrt(2);
        assertTrue(Math.abs(level - playedLevel) < 0.2 * playedLevel,
                "the tone is at the played level " + playedLevel + ": rms " + level);
        assertTrue(firstLog.contains("Recording to"), firstLog);
    }

    private static boolean allSilence(byte[] payload) {
        for (byte b : payload) {
            if (b != MULAW_SILENCE) {
                return false;
            }
        }
        return true;
    }

    /** The crashed file's bytes with the repaired file's header: what the repair should have produced. */
    private static byte[] withHeaderOf(byte[] crashed, byte[] repaired) {
        byte[] expected = crashed.clone();
        System.arraycopy(repaired, 0, expected, 0, RecordingFiles.HEADER);
        return expected;
    }
}
