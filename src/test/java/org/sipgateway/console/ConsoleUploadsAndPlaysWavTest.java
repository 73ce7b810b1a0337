package org.sipgateway.console;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.ConsoleTestSupport;
import org.sipgateway.support.Wavs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A WAV chosen in the page is uploaded through PUT /api/wavs/{name} (stored byte for byte) and
 * played into the call with PLAY_WAV; the test line's echo of it is what the page then plays.
 */
class ConsoleUploadsAndPlaysWavTest extends ConsoleTestSupport {

    private static final int FILE_HZ = 1000;

    @Test
    void uploadsAFileAndPlaysItIntoTheCall() throws Exception {
        byte[] wav = Wavs.tone(8000, FILE_HZ, 8000 * 4, 0.5);
        Path file = workDir.resolve("beep.wav");
        Files.write(file, wav);

        // Stored before the page opened (an earlier upload): the page lists it from GET /api/wavs.
        Files.createDirectories(uploadDir);
        Files.write(uploadDir.resolve("earlier.wav"), wav);
        page.openAndConnect();
        browser.until(d -> String.valueOf(browser.eval(
                "Array.from(document.getElementById('wavs').options, o => o.value).join(',')")).contains("earlier.wav"));
        // The microphone off, so that what the page hears is the file alone.
        browser.byId("send-mic").click();
        browser.byId("wav-file").sendKeys(file.toString());
        browser.until(d -> browser.text("upload-status").equals("Uploaded beep.wav"));
        assertArrayEquals(wav, Files.readAllBytes(uploadDir.resolve("beep.wav")), "stored as sent");

        page.dial("0912345678");
        browser.click("play");
        page.awaitLog("> PLAY_WAV:beep.wav");
        browser.until(d -> {
            Object hz = browser.eval("window.consoleTest.dominantHz()");
            return hz instanceof Number n && Math.abs(n.doubleValue() - FILE_HZ) < 16;
        });
        browser.screenshot("playing-wav");
        page.hangUp();
        assertTrue(!browser.text("log").contains("< ERROR"), browser.text("log"));
    }
}
