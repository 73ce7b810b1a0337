package org.sipgateway.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.ConsoleTestSupport;
import org.sipgateway.support.Wavs;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With no trusted network and a tokens file, the page is refused without a token and let in with
 * one: the token field goes out as ?token= on the WebSocket (a browser cannot set its headers)
 * and as Authorization: Bearer on an upload, which lands in the token name's own folder.
 */
class ConsoleTokenTest extends ConsoleTestSupport {

    private static final String TOKEN = "console-test-token-0123456789";

    @Override
    protected void settings(Properties properties) {
        try {
            Path tokens = Files.writeString(workDir.resolve("tokens.txt"), "ops:" + TOKEN + "\n");
            properties.setProperty("gateway.ws.auth-tokens-file", tokens.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        properties.setProperty("gateway.ws.trusted-networks", "");
    }

    @Test
    void refusedWithoutTheTokenAndLetInWithIt() throws Exception {
        browser.open("http://127.0.0.1:" + httpPort + "/console");
        browser.until(d -> !browser.byId("url").getDomProperty("value").isEmpty());
        browser.click("connect");
        browser.until(d -> browser.text("connection").startsWith("Not connected (closed"));
        browser.screenshot("refused-without-token");

        browser.type("token", TOKEN);
        browser.click("connect");
        page.awaitLog("< AUDIO_FORMAT:l16-16k");

        Path file = workDir.resolve("beep.wav");
        Files.write(file, Wavs.tone(8000, 1000, 8000, 0.5));
        browser.byId("wav-file").sendKeys(file.toString());
        browser.until(d -> browser.text("upload-status").equals("Uploaded beep.wav"));
        assertTrue(Files.isRegularFile(uploadDir.resolve("ops").resolve("beep.wav")), "in the token name's folder");
    }
}
