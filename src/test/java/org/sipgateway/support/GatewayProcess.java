package org.sipgateway.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The gateway as a separate operating-system process (same main class and classpath as the
 * tests, the project folder as working directory), for what only a real process shows: SIGTERM
 * and SIGKILL.
 */
public final class GatewayProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final int wsPort;

    private GatewayProcess(Process process, Path log, int wsPort) {
        this.process = process;
        this.log = log;
        this.wsPort = wsPort;
    }

    /** Starts the gateway with these settings and waits until its WebSocket port accepts connections. */
    public static GatewayProcess start(Map<String, String> settings, Duration wait) throws IOException, InterruptedException {
        return start(settings, Map.of(), wait);
    }

    /** As {@link #start(Map, Duration)}, with these variables added to the process's environment. */
    public static GatewayProcess start(Map<String, String> settings, Map<String, String> environment, Duration wait)
            throws IOException, InterruptedException {
        return start(settings, environment, null, wait);
    }

    /** As {@link #start(Map, Map, Duration)}, in {@code directory} (null: this JVM's working directory). */
    public static GatewayProcess start(Map<String, String> settings, Map<String, String> environment, Path directory,
                                       Duration wait) throws IOException, InterruptedException {
        int wsPort = Integer.parseInt(settings.get("gateway.ws.port"));
        Path log = Files.createTempFile("gateway-process-", ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // For profiling a benchmark's gateway, e.g. -Dgateway.process.jvm-args=-XX:StartFlightRecording=filename=gw.jfr
        String jvmArgs = System.getProperty("gateway.process.jvm-args", "").trim();
        if (!jvmArgs.isEmpty()) {
            command.addAll(List.of(jvmArgs.split("\\s+")));
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        settings.forEach((name, value) -> command.add("-D" + name + "=" + value));
        if (!settings.containsKey("gateway.http.port")) {
            command.add("-Dgateway.http.port=" + FreePorts.tcp());
        }
        command.add("org.sipgateway.GatewayMain");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        Process process = builder.start();
        GatewayProcess gateway = new GatewayProcess(process, log, wsPort);
        long deadline = System.nanoTime() + wait.toNanos();
        while (!gateway.accepting()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                gateway.close();
                fail("gateway process did not come up within " + wait + ":\n" + gateway.log());
            }
            Thread.sleep(50);
        }
        return gateway;
    }

    private boolean accepting() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", wsPort), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public int wsPort() {
        return wsPort;
    }

    /** The operating-system process id, e.g. for reading /proc/&lt;pid&gt;/stat or /status. */
    public long pid() {
        return process.pid();
    }

    /** SIGTERM: the orderly shutdown an operator's stop sends. Returns the exit code. */
    public int terminate(Duration wait) throws InterruptedException {
        process.destroy();
        return awaitExit(wait);
    }

    /** SIGKILL: the process gets no chance to clean up. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    private int awaitExit(Duration wait) throws InterruptedException {
        if (!process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            fail("gateway process did not exit within " + wait + ":\n" + log());
        }
        return process.exitValue();
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
