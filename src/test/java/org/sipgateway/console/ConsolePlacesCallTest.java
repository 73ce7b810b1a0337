package org.sipgateway.console;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.ConsoleTestSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console's first job: from a page served by the gateway, connect to its WebSocket on the
 * other port (the default Origin policy lets the same host in whatever the port), dial the
 * built-in test line, see the call answered and its duration run, hang up and see the cause.
 */
class ConsolePlacesCallTest extends ConsoleTestSupport {

    @Test
    void placesAnsweredCallAndHangsUp() {
        page.openAndConnect();
        browser.screenshot("connected");

        page.dial("0912345678");
        page.awaitLog("< MEDIA_START:codec=");
        browser.until(d -> !browser.text("fig-duration").equals("0:00"));
        browser.until(d -> ((Number) browser.eval("window.consoleTest.framesIn()")).intValue() > 50);
        assertTrue(browser.text("fig-callid").length() > 3, "the Call-ID of MEDIA_START is shown");
        browser.screenshot("answered");

        browser.click("hangup");
        page.awaitCallState("ENDED");
        assertEquals("(local-bye)", browser.text("call-cause"));
        browser.until(d -> browser.text("fig-packets").matches("in [1-9][0-9]* / out [1-9][0-9]* / lost 0"));
        assertTrue(browser.text("log").contains("> HANGUP"), "the log shows what the page sent");
        assertTrue(browser.byId("dial").isEnabled(), "a new call can be dialled");
        browser.screenshot("ended");
    }
}
