package org.sipgateway.console;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.ConsoleTestSupport;
import org.sipgateway.testline.TestLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An offered call refused from the page: Reject sends REJECT, the offer leaves the list, and the
 * page can still dial.
 */
class ConsoleRejectsIncomingCallTest extends ConsoleTestSupport {

    @Test
    void rejectsTheTestLinesCallBack() {
        page.openAndConnect();
        browser.click("listen");
        page.awaitLog("< LISTEN:.*");
        browser.type("target", TestLine.CALL_BACK_PREFIX + "0912345678");
        browser.click("dial");
        browser.until(d -> browser.text("offers").contains("sip:0912345678@"));

        browser.click("reject");
        page.awaitLog("> REJECT");
        assertEquals("", browser.text("offers"));
        assertTrue(!browser.byId("answer").isEnabled(), "nothing left to answer");
        page.dial("0912345678");
        assertTrue(!browser.text("log").contains("< ERROR"), browser.text("log"));
        page.hangUp();
    }
}
