package org.sipgateway.examples;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.EchoBot;
import org.sipgateway.support.GatewayTestSupport;
import org.sipgateway.support.PythonClient;
import org.sipgateway.support.PythonScript;
import org.sipgateway.support.Tones;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * examples/echo_bot.py on the built-in test line with no key pressed: the whole 3 s greeting
 * goes out (MARK_DONE, and 3 s of it in the call's recording), and from then on the bot sends
 * back the frames it hears, one for one, until it hangs up at 4 s.
 */
class EchoBotGreetingExampleTest extends GatewayTestSupport {

    private static final Pattern SUMMARY = Pattern.compile("heard (\\d+) frames, echoed (\\d+);");

    @Test
    void theGreetingPlaysToTheEndThenTheBotEchoes() throws Exception {
        String greeting = EchoBot.writeGreeting(workDir).toString();
        PythonClient.Result result;
        try (PythonScript bot = EchoBot.start(wsPort, "--greeting", greeting, "--seconds", "4")) {
            result = bot.finish(Duration.ofSeconds(60));
        }
        String output = result.output();
        assertEquals(0, result.exitCode(), output);
        assertTrue(output.indexOf("> MARK:greeting\n") < output.indexOf("< MARK_DONE:greeting\n"), output);
        assertTrue(output.indexOf("< MARK_DONE:greeting\n") < output.indexOf("> HANGUP\n"), output);
        assertFalse(output.contains("CLEAR"), output);
        assertTrue(output.contains("keys: none; greeting: played to the end"), output);

        Matcher summary = SUMMARY.matcher(output);
        assertTrue(summary.find(), output);
        int heard = Integer.parseInt(summary.group(1));
        int echoed = Integer.parseInt(summary.group(2));
        assertTrue(heard >= 180 && heard <= 210, "4 s of 20 ms frames heard: " + heard);
        assertTrue(echoed >= 30 && echoed <= 55, "the frames of the last second, after the greeting, echoed: " + echoed);

        Tones.LoudSpan played = EchoBot.greetingInRecording(workDir.resolve("recordings"));
        assertTrue(Math.abs(played.frames() - 150) <= 2, "the whole greeting, 150 frames: " + played);
        assertEquals(0, played.quietInside(), "unbroken: " + played);
    }
}
