package org.sipgateway.console;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.ConsoleTestSupport;
import org.sipgateway.support.Wavs;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The supervisor's view: another client's call, watched from the page by its Call-ID (WATCH),
 * shows its state and plays its far end (the test line echoing the client's tone) up to its end.
 */
class ConsoleWatchesACallTest extends ConsoleTestSupport {

    private static final int FILE_HZ = 800;

    @Test
    void watchesAnotherSessionsCall() throws Exception {
        try (WsClient client = connect()) {
            client.send("WAV_UPLOAD:tone.wav:" + Wavs.base64(Wavs.tone(8000, FILE_HZ, 8000 * 10, 0.5)));
            assertTrue(client.next(WsClient.DEFAULT_WAIT).startsWith("WAV_ACK:stored tone.wav"));
            String callId = callTestLine(client);
            client.send("PLAY_WAV:tone.wav");

            page.openAndConnect();
            browser.type("watch-id", callId);
            browser.click("watch");
            page.awaitLog("< WATCH:");
            page.awaitCallState("ANSWERED");
            browser.until(d -> {
                Object hz = browser.eval("window.consoleTest.dominantHz()");
                return hz instanceof Number n && Math.abs(n.doubleValue() - FILE_HZ) < 16;
            });
            assertEquals(0, page.counter("framesOut"), "a watcher sends no audio");
            browser.screenshot("watching");

            client.send("HANGUP");
            page.awaitCallState("ENDED");
            assertEquals("(local-bye)", browser.text("call-cause"));
        }
    }
}
