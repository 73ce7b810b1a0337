package org.sipgateway.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.sipgateway.media.G711Codec;
import org.sipgateway.media.WavEncoding;
import org.sipgateway.media.WavInfo;
import org.sipgateway.media.WavParser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * examples/echo_bot.py for the tests: its greeting (3 s of 600 Hz, 16 kHz), the script started
 * against a gateway on loopback, and what a call's recording shows of the greeting.
 */
public final class EchoBot {

    public static final int GREETING_SECONDS = 3;
    public static final double GREETING_HZ = 600;
    /** The greeting's level: a sine of half full scale has an RMS near 11600, its echo at gain 0.5 half that. */
    private static final double GREETING_LEVEL = 8000;

    private EchoBot() {
    }

    /** Writes the greeting into {@code dir} and returns its path. */
    public static Path writeGreeting(Path dir) throws IOException {
        Path greeting = dir.resolve("greeting.wav");
        Files.write(greeting, Wavs.tone(16000, GREETING_HZ, GREETING_SECONDS * 16000, 0.5));
        return greeting;
    }

    /** Starts the bot on the gateway at {@code wsPort}, calling 0912345678, with these options. */
    public static PythonScript start(int wsPort, String... options) {
        List<String> arguments = new ArrayList<>(List.of("--url", "ws://127.0.0.1:" + wsPort + "/"));
        arguments.addAll(List.of(options));
        arguments.add("0912345678");
        return PythonScript.start("examples/echo_bot.py", arguments.toArray(String[]::new));
    }

    /**
     * The greeting in the one recording in {@code recordings} (a PCMU call on the test line, which
     * echoes what the gateway sent): the stretch of 20 ms frames at the greeting's level. The
     * recording is renamed from .wav.part to .wav once the call has ended; this waits for that.
     */
    public static Tones.LoudSpan greetingInRecording(Path recordings) throws Exception {
        List<Path> files = List.of();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Stream<Path> list = Files.list(recordings)) {
                files = list.collect(Collectors.toList());
            }
            if (files.size() == 1 && files.get(0).toString().endsWith(".wav")) {
                break;
            }
            Thread.sleep(20);
        }
        assertEquals(1, files.size(), "one recording: " + files);
        assertTrue(files.get(0).toString().endsWith(".wav"), "the recording complete: " + files);
        byte[] file = Files.readAllBytes(files.get(0));
        WavInfo info = WavParser.parse(file);
        assertEquals(WavEncoding.MULAW, info.encoding(), "the test line's call is PCMU");
        // Channel 1 of the stereo default is the far end: the test line's echo of what was sent.
        byte[] farEnd = info.channels() == 2 ? Wavs.channel(file, info.dataOffset(), info.dataLength(), 2, 0)
                : java.util.Arrays.copyOfRange(file, info.dataOffset(), info.dataOffset() + info.dataLength());
        short[] samples = new short[farEnd.length];
        G711Codec.PCMU.decode(farEnd, 0, samples, 0, farEnd.length);
        return Tones.loudSpan(samples, 160, GREETING_LEVEL);
    }
}
