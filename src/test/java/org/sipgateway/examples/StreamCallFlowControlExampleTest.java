package org.sipgateway.examples;

import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.PythonClient;
import org.sipgateway.support.StreamCallTestSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * examples/stream_call.py against a gateway whose media queue is small (MEDIA_XOFF above 1 s,
 * MEDIA_XON below 0.5 s, audio refused above 3 s): with a 2 s lead the script pauses on every
 * MEDIA_XOFF and goes on after MEDIA_XON, nothing is refused, and the whole 6 s come back unbroken.
 */
class StreamCallFlowControlExampleTest extends StreamCallTestSupport {

    @Override
    protected void settings(Properties properties) {
        properties.setProperty("gateway.media.xoff-ms", "1000");
        properties.setProperty("gateway.media.xon-ms", "500");
        properties.setProperty("gateway.media.max-queued-ms", "3000");
    }

    @Test
    void pausesOnXoffUntilXon() throws Exception {
        PythonClient.Result result = streamTone(6, "--lead", "2");
        String output = result.output();
        assertEquals(0, result.exitCode(), output);
        assertFalse(output.contains("ERROR"), output);
        int xoff = output.indexOf("< MEDIA_XOFF\n");
        int paused = output.indexOf("(paused on MEDIA_XOFF until MEDIA_XON)\n");
        int xon = output.indexOf("< MEDIA_XON\n");
        int resumed = output.indexOf("(resumed)\n");
        assertTrue(xoff >= 0 && xoff < paused && paused < xon && xon < resumed,
                "MEDIA_XOFF, the pause, MEDIA_XON, sending again, in that order:\n" + output);
        assertTrue(resumed < output.indexOf("> MARK:end-of-file"), "the pause came while streaming:\n" + output);
        assertSavedTone(output, 6);
    }
}
