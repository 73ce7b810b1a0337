package org.sipgateway.console;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.ConsoleTestSupport;
import org.sipgateway.testline.TestLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An inbound call answered from the page: it LISTENs, dials *97<number> so that the built-in test
 * line refuses and calls that number back, shows the INCOMING offer, and the Answer button takes
 * it; the answered call carries audio like a placed one.
 */
class ConsoleAnswersIncomingCallTest extends ConsoleTestSupport {

    @Test
    void answersTheTestLinesCallBack() {
        page.openAndConnect();
        browser.type("listen-pattern", "0912345678");
        browser.click("listen");
        page.awaitLog("< LISTEN:0912345678");

        browser.type("target", TestLine.CALL_BACK_PREFIX + "0912345678");
        browser.click("dial");
        page.awaitCallState("ENDED");
        assertEquals("(486 Calling you back)", browser.text("call-cause"));
        browser.until(d -> browser.text("offers").contains("sip:0912345678@"));
        browser.screenshot("incoming");

        browser.click("answer");
        page.awaitCallState("ANSWERED");
        browser.until(d -> page.counter("framesIn") > 25);
        assertTrue(browser.text("offers").isEmpty(), "the answered offer leaves the list");
        browser.screenshot("incoming-answered");
        assertEquals("(local-bye)", page.hangUp());
    }
}
