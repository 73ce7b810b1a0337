package org.sipgateway.examples;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.PythonClient;
import org.sipgateway.support.StreamCallTestSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 9 item 7, examples/stream_call.py as its README runs it: it streams a WAV into a call on
 * the built-in test line as l16-16k, waits for its mark, hangs up, and the far end's audio it
 * saved is the same 2 s tone (the test line echoes).
 */
class StreamCallExampleTest extends StreamCallTestSupport {

    @Test
    void theSavedFarEndAudioIsTheStreamedTone() throws Exception {
        PythonClient.Result result = streamTone(2);
        String output = result.output();
        assertEquals(0, result.exitCode(), output);
        assertTrue(output.contains("> AUDIO_FORMAT:l16-16k\n< AUDIO_FORMAT:l16-16k\n"), output);
        assertTrue(output.contains("< CALL_STATE:ANSWERED\n"), output);
        assertTrue(output.indexOf("> MARK:end-of-file") < output.indexOf("< MARK_DONE:end-of-file"), output);
        assertTrue(output.indexOf("< MARK_DONE:end-of-file") < output.indexOf("> HANGUP"), output);
        assertTrue(output.contains("< CALL_STATE:ENDED:local-bye\n"), output);
        assertSavedTone(output, 2);
    }
}
