package org.sipgateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real MQTT broker, Debian's Mosquitto 2.0 ({@code /usr/sbin/mosquitto}), on a free port of
 * 127.0.0.1, for tests. It runs in the foreground as the current user with a configuration of
 * its own in a temporary folder:
 *
 * <pre>
 * listener &lt;port&gt; 127.0.0.1
 * allow_anonymous true
 * persistence false
 * log_dest stdout        (the process's output goes to &lt;dir&gt;/mosquitto.log)
 * log_type all
 * </pre>
 *
 * {@link #start} returns once the port accepts; {@link #close} stops it and deletes the folder.
 * {@link MqttTestClient} subscribes and publishes for the test's side.
 */
public final class Mosquitto implements AutoCloseable {

    public static final String INSTALL_HINT = "Mosquitto is required: apt-get install -y mosquitto";
    private static final String BINARY = "/usr/sbin/mosquitto";
    private static final String HOST = "127.0.0.1";
    private static final Duration STARTUP = Duration.ofSeconds(20);

    private final BrokerProcess process;
    private final Path dir;
    private final int port;
    private Duration startupTime = Duration.ZERO;

    private Mosquitto(BrokerProcess process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    public static void requireInstalled() {
        if (!Files.isExecutable(Path.of(BINARY))) {
            fail(INSTALL_HINT);
        }
    }

    /** Starts Mosquitto on a free port of 127.0.0.1 and returns once it accepts connections. */
    public static Mosquitto start() {
        requireInstalled();
        long started = System.nanoTime();
        try {
            Path dir = Files.createTempDirectory("mosquitto-");
            int port = FreePorts.tcp();
            Path config = dir.resolve("mosquitto.conf");
            Files.writeString(config, String.join("\n",
                    "listener " + port + " " + HOST,
                    "allow_anonymous true",
                    "persistence false",
                    "log_dest stdout",
                    "log_type all",
                    "log_timestamp_format %Y-%m-%dT%H:%M:%S",
                    // Started as root, Mosquitto would switch to the "mosquitto" user; this keeps
                    // the user running the tests (and is ignored when that is not root).
                    "user " + System.getProperty("user.name"),
                    ""), StandardCharsets.UTF_8);
            BrokerProcess process = BrokerProcess.start("mosquitto", List.of(BINARY, "-c", config.toString()),
                    Map.of(), dir, dir.resolve("mosquitto.log"), INSTALL_HINT, "");
            Mosquitto mosquitto = new Mosquitto(process, dir, port);
            process.awaitReady(STARTUP, "listening on " + HOST + ":" + port, () -> BrokerProcess.accepts(port));
            mosquitto.startupTime = Duration.ofNanos(System.nanoTime() - started);
            return mosquitto;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code tcp://127.0.0.1:<port>}, for {@code paho-mqtt5:<topic>?brokerUrl=...}. */
    public String brokerUrl() {
        return "tcp://" + HOST + ":" + port;
    }

    public int port() {
        return port;
    }

    /** From {@link #start} being called to the port accepting. */
    public Duration startupTime() {
        return startupTime;
    }

    /** Everything Mosquitto logged so far (connections, subscriptions, every PUBLISH in and out). */
    public String log() {
        return process.log();
    }

    public String diagnostics() {
        return process.diagnostics();
    }

    /** Stops Mosquitto (SIGTERM, SIGKILL after 5 s) and deletes its folder. */
    @Override
    public void close() {
        process.stop(Duration.ofSeconds(5));
        BrokerProcess.deleteRecursively(dir);
    }

    @Override
    public String toString() {
        return "Mosquitto[" + brokerUrl() + ", " + dir + "]";
    }
}
