package org.sipgateway.console;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.Browser;
import org.sipgateway.support.ConsoleTestSupport;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Both audio directions of the page at once: the built-in test line echoes what it receives, so
 * the fake microphone's tone, sent by the page as 16 kHz frames, comes back in the call's
 * l16-16k frames and is what the page plays (its analyser's dominant frequency). Muted, the page
 * sends nothing and the echo falls silent.
 */
class ConsoleHearsTheMicrophoneEchoedTest extends ConsoleTestSupport {

    /** The analyser's bins are 16000 / 2048 = 7.8 Hz wide. */
    private static final double TOLERANCE_HZ = 16;

    @Test
    void theMicrophonesToneComesBackThroughTheCall() {
        page.openAndConnect();
        page.dial("0912345678");
        browser.until(d -> Boolean.TRUE.equals(browser.eval("window.consoleTest.micOn()")));

        browser.until(d -> {
            Object hz = browser.eval("window.consoleTest.dominantHz()");
            return hz instanceof Number n && Math.abs(n.doubleValue() - Browser.TONE_HZ) < TOLERANCE_HZ;
        });
        assertTrue(((Number) browser.eval("window.consoleTest.framesOut()")).intValue() > 0);
        browser.screenshot("hearing-echo");

        browser.byId("mute").click();
        // Muted: no frame leaves the page, and once the echo of what was queued has played out,
        // the page plays the gateway's silence.
        long sentAtMute = ((Number) browser.eval("window.consoleTest.framesOut()")).longValue();
        browser.until(d -> browser.eval("window.consoleTest.dominantHz()") == null);
        long sentAfter = ((Number) browser.eval("window.consoleTest.framesOut()")).longValue();
        assertTrue(sentAfter - sentAtMute <= 4, "at most one callback's frames after mute: " + (sentAfter - sentAtMute));

        browser.click("clear");
        page.awaitLog("> CLEAR");
        browser.click("hangup");
        page.awaitCallState("ENDED");
        assertTrue(!browser.text("log").contains("< ERROR"), browser.text("log"));
    }
}
