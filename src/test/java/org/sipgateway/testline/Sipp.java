package org.sipgateway.testline;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.sipgateway.support.FreePorts;

/** Runs SIPp (/usr/bin/sipp) as a real SIP user agent client against a test line. */
final class Sipp {

    static final String SIPP = "/usr/bin/sipp";

    record Result(int exitCode, String output, Path workDir) {
        /** SIPp's console output plus its error and message logs, for assertion messages. */
        String describe() {
            StringBuilder text = new StringBuilder("sipp exit code " + exitCode + "\n" + output);
            try (var files = Files.list(workDir)) {
                for (Path file : files.toList()) {
                    String name = file.getFileName().toString();
                    if (name.endsWith("_errors.log") || name.endsWith("_messages.log")) {
                        text.append("\n--- ").append(name).append('\n')
                                .append(Files.readString(file, StandardCharsets.ISO_8859_1));
                    }
                }
            } catch (IOException e) {
                text.append("\n(cannot list ").append(workDir).append(": ").append(e).append(')');
            }
            return text.toString();
        }
    }

    private Sipp() {
    }

    /**
     * Runs {@code sipp <target> -i 127.0.0.1 -p <free port> -nostdin -timeout 20s -timeout_error -trace_msg
     * -trace_err <args>} in a fresh directory and waits for it to finish.
     */
    static Result run(String target, String... args) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory(Path.of("target"), "sipp-");
        List<String> command = new ArrayList<>(List.of(SIPP, target, "-i", "127.0.0.1",
                "-p", String.valueOf(FreePorts.udpAndTcp()), "-nostdin", "-timeout", "20s", "-timeout_error",
                "-trace_msg", "-trace_err"));
        command.addAll(List.of(args));
        File out = dir.resolve("console.txt").toFile();
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(out).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        int code = process.isAlive() ? -1 : process.exitValue();
        String console = Files.readString(out.toPath(), StandardCharsets.ISO_8859_1);
        // The final statistics screen is long; keep its tail.
        if (console.length() > 4000) {
            console = console.substring(console.length() - 4000);
        }
        return new Result(code, String.join(" ", command) + "\n" + console, dir);
    }

    /** Absolute path of a scenario under src/test/resources/testline/. */
    static String scenario(String name) {
        try {
            return Path.of(Sipp.class.getResource("/testline/" + name).toURI()).toString();
        } catch (Exception e) {
            throw new IllegalStateException("missing scenario " + name, e);
        }
    }
}
