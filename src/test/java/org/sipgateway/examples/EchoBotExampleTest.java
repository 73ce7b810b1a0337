package org.sipgateway.examples;

import java.time.Duration;

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
 * Issue 9 item 7, examples/echo_bot.py as its README runs it on the built-in test line: the bot
 * sends its own key 1 s into its 3 s greeting, the test line echoes the key back, and on
 * {@code DTMF:5} the bot sends CLEAR, so the greeting's mark comes back MARK_CLEARED and the far
 * end (the call's recording) heard about 1 s of the greeting, not 3.
 */
class EchoBotExampleTest extends GatewayTestSupport {

    @Test
    void aKeyCutsTheGreetingShort() throws Exception {
        String greeting = EchoBot.writeGreeting(workDir).toString();
        PythonClient.Result result;
        try (PythonScript bot = EchoBot.start(wsPort, "--greeting", greeting, "--press", "5", "--after", "1", "--seconds", "4")) {
            result = bot.finish(Duration.ofSeconds(60));
        }
        String output = result.output();
        assertEquals(0, result.exitCode(), output);
        int previous = -1;
        for (String line : new String[] {"< CALL_STATE:ANSWERED\n", "> SEND_DTMF:5\n", "> MARK:greeting\n", "< DTMF:5\n",
                "> CLEAR\n", "< MARK_CLEARED:greeting\n", "> HANGUP\n", "< CALL_STATE:ENDED:local-bye\n"}) {
            int at = output.indexOf(line, previous + 1);
            assertTrue(at > previous, "'" + line.strip() + "' next, in order:\n" + output);
            previous = at;
        }
        assertFalse(output.contains("MARK_DONE:greeting"), output);
        assertTrue(output.contains("< DTMF_SENT:5"), "the key in progress is finished and reported: " + output);
        assertTrue(output.contains("keys: 5; greeting: cut short by CLEAR"), output);

        Tones.LoudSpan heard = EchoBot.greetingInRecording(workDir.resolve("recordings"));
        assertTrue(heard.frames() >= 45 && heard.frames() <= 75,
                "1 s of the greeting before the key, the rest dropped (3 s would be 150 frames): " + heard);
    }
}
