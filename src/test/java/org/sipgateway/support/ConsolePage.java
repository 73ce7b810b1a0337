package org.sipgateway.support;

/**
 * The console page of one gateway in a {@link Browser}: its common steps, by the ids and labels
 * a user sees (src/main/resources/console/index.html). Kept apart from the gateway boot so a
 * test on the test line (ConsoleTestSupport) and one on SIPp (a SipTestSupport) use the same.
 */
public final class ConsolePage {

    private final Browser browser;
    private final int httpPort;
    private final int wsPort;

    public ConsolePage(Browser browser, int httpPort, int wsPort) {
        this.browser = browser;
        this.httpPort = httpPort;
        this.wsPort = wsPort;
    }

    /** Opens http://127.0.0.1:{httpPort}/console and connects; returns once AUDIO_FORMAT is answered. */
    public void openAndConnect() {
        browser.open("http://127.0.0.1:" + httpPort + "/console");
        // The page fills the URL from /console/settings.json: the gateway's own ws port, not a default.
        browser.until(d -> browser.byId("url").getDomProperty("value").equals("ws://127.0.0.1:" + wsPort + "/"));
        browser.click("connect");
        awaitLog("< AUDIO_FORMAT:l16-16k");
    }

    /** Waits for a line of the page's event log that contains the text. */
    public void awaitLog(String text) {
        browser.until(d -> browser.byId("log").getText().contains(text));
    }

    public void awaitCallState(String state) {
        browser.until(d -> browser.text("call-state").equals(state));
    }

    /** Dials from the page and waits until the call is answered. */
    public void dial(String target) {
        browser.type("target", target);
        browser.click("dial");
        awaitCallState("ANSWERED");
    }

    /** Hangs up from the page and waits for ENDED; returns the cause shown, e.g. "(local-bye)". */
    public String hangUp() {
        browser.click("hangup");
        awaitCallState("ENDED");
        return browser.text("call-cause");
    }

    public long counter(String name) {
        return ((Number) browser.eval("window.consoleTest." + name + "()")).longValue();
    }
}
