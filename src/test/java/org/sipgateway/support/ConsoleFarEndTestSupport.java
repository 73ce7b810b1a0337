package org.sipgateway.support;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The console page in a headless browser, against a gateway whose calls SIPp answers with its
 * media sent to {@link #sink} (FarEndSinkTestSupport): what the page sends can be checked as the
 * RTP the far end receives.
 */
public abstract class ConsoleFarEndTestSupport extends FarEndSinkTestSupport {

    protected Browser browser;
    protected ConsolePage page;

    @BeforeAll
    void startBrowser() {
        browser = new Browser();
        page = new ConsolePage(browser, httpPort, wsPort);
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }
}
