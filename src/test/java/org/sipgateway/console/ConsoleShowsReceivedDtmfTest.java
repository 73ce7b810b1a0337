package org.sipgateway.console;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.ConsoleFarEndTestSupport;
import org.sipgateway.support.DtmfPresses;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Keys the far end presses (RFC 4733 events) are shown on the page, one digit per press, from
 * the gateway's DTMF:<digit> lines.
 */
class ConsoleShowsReceivedDtmfTest extends ConsoleFarEndTestSupport {

    @Override
    protected String scenario() {
        return "uas-answer-media-to-dtmf.xml";
    }

    @Test
    void showsTheFarEndsKeys() throws Exception {
        page.openAndConnect();
        page.dial("0912345678");
        DtmfPresses far = new DtmfPresses(sink, sink.await(1, CALL_WAIT).get(0).source());
        far.press(7, 8000);
        far.press(11, 16000);
        browser.until(d -> browser.text("dtmf-received").equals("7#"));
        page.awaitLog("< DTMF:#");
        browser.screenshot("dtmf-received");
        assertEquals("(local-bye)", page.hangUp());
        assertSippSucceeded();
    }
}
