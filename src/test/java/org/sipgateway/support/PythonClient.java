package org.sipgateway.support;

import java.time.Duration;
import java.util.List;

/**
 * Runs the seed's own Python client, tools/call_check.py (Debian's python3-websockets), optionally
 * inside a network namespace, and returns its exit code and output.
 */
public final class PythonClient {

    public record Result(int exitCode, String output) {
    }

    private PythonClient() {
    }

    public static Result callCheck(String url, String... prefix) {
        try (PythonScript script = PythonScript.start(List.of(prefix), "tools/call_check.py", url)) {
            return script.finish(Duration.ofSeconds(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
