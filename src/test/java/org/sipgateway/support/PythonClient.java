package org.sipgateway.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the seed's own Python client, tools/call_check.py (Debian's python3-websockets), optionally
 * inside a network namespace, and returns its exit code and output.
 */
public final class PythonClient {

    public record Result(int exitCode, String output) {
    }

    private PythonClient() {
    }

    /** Debian's interpreter, which has python3-websockets; a pyenv python3 on PATH usually has not. */
    static String python() {
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    public static Result callCheck(String url, String... prefix) {
        List<String> command = new ArrayList<>(List.of(prefix));
        command.add(python());
        command.add(Path.of("tools", "call_check.py").toAbsolutePath().toString());
        command.add(url);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("tools/call_check.py did not finish within 60 s: " + new String(output));
            }
            return new Result(process.exitValue(), new String(output));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
