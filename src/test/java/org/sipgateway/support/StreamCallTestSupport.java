package org.sipgateway.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A gateway on its built-in test line and examples/stream_call.py run against it: the script
 * streams a 440 Hz tone made by the test, the test line echoes it, and the file the script saves
 * must hold that tone again.
 */
public abstract class StreamCallTestSupport extends GatewayTestSupport {

    protected static final int RATE = 16000;
    protected static final double TONE_HZ = 440;
    /** 20 ms at 16 kHz, one frame of l16-16k. */
    private static final int FRAME = 320;
    private static final Pattern SUMMARY = Pattern.compile("sent (\\d+) frames \\(.*\\), received (\\d+) frames");

    protected Path saved;

    /** Streams {@code seconds} of the tone with stream_call.py and these extra options; returns its exit code and output. */
    protected PythonClient.Result streamTone(int seconds, String... options) throws Exception {
        Path input = workDir.resolve("tone.wav");
        saved = workDir.resolve("far-end.wav");
        Files.write(input, Wavs.tone(RATE, TONE_HZ, seconds * RATE, 0.5));
        List<String> arguments = new ArrayList<>(List.of("--url", "ws://127.0.0.1:" + wsPort + "/"));
        arguments.addAll(List.of(options));
        arguments.addAll(List.of("0912345678", input.toString(), saved.toString()));
        try (PythonScript script = PythonScript.start("examples/stream_call.py", arguments.toArray(String[]::new))) {
            return script.finish(Duration.ofSeconds(seconds + 60L));
        }
    }

    /**
     * The saved file is 16 kHz mono with as many frames as the script says it received, and holds
     * one unbroken stretch of the 440 Hz tone {@code seconds} long (within a frame or two).
     */
    protected void assertSavedTone(String output, int seconds) throws Exception {
        Matcher summary = SUMMARY.matcher(output);
        assertTrue(summary.find(), "a summary line:\n" + output);
        assertEquals(seconds * 50, Integer.parseInt(summary.group(1)), "frames sent:\n" + output);
        short[] heard = Wavs.mono16(Files.readAllBytes(saved), RATE);
        assertEquals(Integer.parseInt(summary.group(2)) * FRAME, heard.length, "the file holds every frame received");

        Tones.LoudSpan tone = Tones.loudSpan(heard, FRAME, 1000);
        assertTrue(Math.abs(tone.frames() - seconds * 50) <= 2,
                "the echo is as long as the file sent (" + seconds * 50 + " frames): " + tone);
        assertEquals(0, tone.quietInside(), "no gap inside the echoed tone: " + tone);
        // Away from the first and last frame, which are partly silence.
        short[] inside = Arrays.copyOfRange(heard, (tone.first() + 1) * FRAME, tone.last() * FRAME);
        double frequency = Tones.zeroCrossingFrequency(inside, 0, inside.length, RATE);
        assertEquals(TONE_HZ, frequency, 3, "the echo's frequency by zero crossings");
        double dominance = Tones.dominanceDb(inside, TONE_HZ, RATE);
        assertTrue(dominance > 20, "440 Hz stands out from its neighbours and harmonics: " + dominance + " dB");
    }
}
