package org.sipgateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * One broker's operating-system process for the bus tests ({@link KafkaBroker}, {@link Mosquitto},
 * {@link RabbitMq}): started in its own temporary folder with stdout and stderr in one log file
 * there, polled until it is ready, stopped with SIGTERM (then SIGKILL) together with whatever it
 * started. Failures quote the command and the tail of the log.
 *
 * <p>The broker runs under a small {@code /bin/sh} watchdog ({@link #WATCHDOG}) that holds the
 * write end of a pipe from this JVM: when the pipe closes, because {@link #stop} closed it or
 * because this JVM died (even by SIGKILL, e.g. a surefire fork timeout), the watchdog sends the
 * broker SIGTERM. So a broker never outlives its test JVM. The watchdog exits with the broker's
 * exit code when the broker exits by itself, and then runs an optional clean-up command.
 */
final class BrokerProcess {

    /**
     * {@code sh -c WATCHDOG sh <after-exit command or ""> <broker command...>}: the broker in the
     * background with stdin from /dev/null; a second background shell reads the pipe (fd 3, a
     * copy of the watchdog's stdin) and at end of file sends SIGTERM to the broker.
     */
    static final String WATCHDOG = String.join("\n",
            "after=$1; shift",
            "exec 3<&0",
            "\"$@\" </dev/null 3<&- &",
            "broker=$!",
            "(read -r _ <&3; kill -TERM \"$broker\" 2>/dev/null) &",
            "watcher=$!",
            "exec 3<&-",
            "wait \"$broker\"",
            "status=$?",
            "kill \"$watcher\" 2>/dev/null",
            "[ -z \"$after\" ] || sh -c \"$after\" >/dev/null 2>&1",
            "exit $status");
    private static final Duration POLL = Duration.ofMillis(50);
    private static final int LOG_TAIL = 6000;

    private final String name;
    private final Process process;
    private final List<String> command;
    private final Path log;

    private BrokerProcess(String name, Process process, List<String> command, Path log) {
        this.name = name;
        this.process = process;
        this.command = command;
        this.log = log;
    }

    /**
     * Starts {@code command} in {@code dir} with these variables added to its environment, under
     * the watchdog; {@code afterExit} (a shell command, or "") runs once the broker has exited.
     */
    static BrokerProcess start(String name, List<String> command, Map<String, String> environment, Path dir,
            Path log, String installHint, String afterExit) {
        List<String> watched = new ArrayList<>(List.of("/bin/sh", "-c", WATCHDOG, "sh", afterExit));
        watched.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(watched).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        try {
            return new BrokerProcess(name, builder.start(), List.copyOf(command), log);
        } catch (IOException e) {
            throw new AssertionError(installHint + " (cannot start " + name + ": " + e.getMessage() + ")", e);
        }
    }

    /**
     * Polls {@code ready} until it holds; fails, stopping the process, when the process exits
     * first or {@code timeout} passes. Between polls it waits on the process, not on a clock.
     */
    void awaitReady(Duration timeout, String what, BooleanSupplier ready) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                String diagnostics = diagnostics();
                stop(Duration.ZERO);
                fail(name + " exited before " + what + "\n" + diagnostics);
            }
            if (ready.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                String diagnostics = diagnostics();
                stop(Duration.ZERO);
                fail(name + " was not " + what + " within " + timeout + "\n" + diagnostics);
            }
            try {
                process.waitFor(POLL.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop(Duration.ZERO);
                fail("interrupted while waiting for " + name);
            }
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** Everything the process wrote so far. */
    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** The command line, the exit code once it exited, and the tail of the log, for failure messages. */
    String diagnostics() {
        StringBuilder out = new StringBuilder("command:");
        for (String argument : command) {
            // A classpath is thousands of characters: its length says enough here.
            out.append(' ').append(argument.length() <= 300 ? argument : "<" + argument.length() + " characters>");
        }
        out.append('\n');
        if (!process.isAlive()) {
            out.append("exit code: ").append(process.exitValue()).append('\n');
        }
        String text = log();
        out.append("----- ").append(log).append(" (tail) -----\n")
                .append(text.length() <= LOG_TAIL ? text : "..." + text.substring(text.length() - LOG_TAIL));
        return out.toString();
    }

    /**
     * Closes the watchdog's pipe, so the broker gets SIGTERM, and waits up to {@code grace} for
     * it to exit in order; then SIGKILLs whatever is left of the processes this class started
     * (the watchdog and its descendants).
     */
    void stop(Duration grace) {
        List<ProcessHandle> descendants = process.descendants().toList();
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // The watchdog is gone already; what it started is killed below.
        }
        try {
            process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether a plain TCP connect to 127.0.0.1:{@code port} succeeds (no bytes sent). */
    static boolean accepts(int port) {
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    /** Deletes {@code dir} and everything under it; a missing folder is fine. */
    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path folder, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    Files.delete(folder);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
