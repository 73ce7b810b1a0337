package org.sipgateway.support;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * One of the project's Python scripts (tools/, examples/) as a child process of the test, run by
 * Debian's interpreter (which has python3-websockets) from the project folder. Its output, stdout
 * and stderr together, is collected as it comes, so a test can wait for a line while the script
 * runs and then for its exit.
 */
public final class PythonScript implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Thread reader;
    private final StringBuilder output = new StringBuilder();
    private boolean ended;

    private PythonScript(String name, Process process) {
        this.name = name;
        this.process = process;
        this.reader = new Thread(this::read, "python-" + Path.of(name).getFileName());
        reader.setDaemon(true);
        reader.start();
    }

    /** Debian's interpreter, which has python3-websockets; a pyenv python3 on PATH usually has not. */
    static String python() {
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    /** Starts {@code script} (a path from the project folder) with these arguments. */
    public static PythonScript start(String script, String... arguments) {
        return start(List.of(), script, arguments);
    }

    /** As {@link #start(String, String...)}, run under a command prefix such as {@code ip netns exec NAME}. */
    public static PythonScript start(List<String> prefix, String script, String... arguments) {
        List<String> command = new ArrayList<>(prefix);
        command.add(python());
        command.add(Path.of(script).toAbsolutePath().toString());
        command.addAll(List.of(arguments));
        try {
            return new PythonScript(script, new ProcessBuilder(command).redirectErrorStream(true).start());
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command + ": " + e, e);
        }
    }

    private void read() {
        char[] buffer = new char[4096];
        try (Reader in = new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                synchronized (this) {
                    output.append(buffer, 0, n);
                    notifyAll();
                }
            }
        } catch (IOException e) {
            synchronized (this) {
                output.append("\n(output unreadable: ").append(e).append(')');
            }
        } finally {
            synchronized (this) {
                ended = true;
                notifyAll();
            }
        }
    }

    /** Everything the script has printed so far. */
    public synchronized String output() {
        return output.toString();
    }

    /** Waits until the output holds {@code text}; fails with the output if the script ends first or time runs out. */
    public synchronized void awaitOutput(String text, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (output.indexOf(text) < 0) {
            long left = deadline - System.nanoTime();
            if (ended || left <= 0) {
                fail(name + (ended ? " ended" : " ran " + wait) + " without printing '" + text + "':\n" + output);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** Waits for the script to exit and returns its exit code and whole output; kills it and fails after {@code wait}. */
    public PythonClient.Result finish(Duration wait) throws InterruptedException {
        if (!process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            fail(name + " did not finish within " + wait + ":\n" + output());
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        return new PythonClient.Result(process.exitValue(), output());
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
