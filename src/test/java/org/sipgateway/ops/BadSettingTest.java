package org.sipgateway.ops;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A bad setting stops the gateway process at start-up with one line that names the setting and
 * what is wrong, exit code 2, and no stack trace.
 */
class BadSettingTest {

    @Test
    void oneLineNamesTheSetting() throws Exception {
        Path log = Files.createTempFile("gw-bad-setting", ".log");
        Process process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dgateway.ws.port=eighty", "org.sipgateway.GatewayMain"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the gateway stops by itself");
        String output = Files.readString(log);
        assertEquals(2, process.exitValue(), output);
        assertTrue(output.contains("Cannot start: Setting gateway.ws.port='eighty': is not a whole number"), output);
        assertFalse(output.lines().anyMatch(l -> l.startsWith("\tat ") || l.contains("Exception in thread")), "no stack trace:\n" + output);
    }
}
