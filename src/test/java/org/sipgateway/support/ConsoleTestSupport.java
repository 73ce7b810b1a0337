package org.sipgateway.support;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The real gateway on its built-in test line (GatewayTestSupport) and one headless browser per
 * test class, with the gateway's console page in it (ConsoleFarEndTestSupport: the same on SIPp).
 */
public abstract class ConsoleTestSupport extends GatewayTestSupport {

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
