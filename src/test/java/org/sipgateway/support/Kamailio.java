package org.sipgateway.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real Kamailio with its TLS module in front of a SIPp UAS: it listens for TLS and UDP on
 * 127.0.0.1 and forwards statelessly to SIPp (src/test/resources/kamailio/kamailio.cfg). It runs
 * in the foreground as the current user in its own temporary folder and is killed by
 * {@link #close}; the folder (config, certificates, log) is kept for post-mortems.
 */
public final class Kamailio implements AutoCloseable {

    public static final String INSTALL_HINT = "Kamailio with TLS is required: apt-get install -y kamailio kamailio-tls-modules";
    static final String BINARY = "/usr/sbin/kamailio";
    static final Path MODULES = Path.of("/usr/lib/x86_64-linux-gnu/kamailio/modules");
    private static final Duration STARTUP = Duration.ofSeconds(20);

    private final Process process;
    private final Path dir;
    private final int tlsPort;

    private Kamailio(Process process, Path dir, int tlsPort) {
        this.process = process;
        this.dir = dir;
        this.tlsPort = tlsPort;
    }

    public static void requireInstalled() {
        if (!Files.isExecutable(Path.of(BINARY)) || !Files.exists(MODULES.resolve("tls.so"))) {
            fail(INSTALL_HINT);
        }
    }

    /**
     * Starts Kamailio presenting {@code certificates}' server certificate on a free TLS port and
     * forwarding to SIPp at 127.0.0.1:{@code sippPort}; returns once its TLS port accepts.
     */
    public static Kamailio start(TestCertificates certificates, int sippPort) {
        requireInstalled();
        try {
            Path dir = Files.createTempDirectory("kamailio-");
            int tlsPort = FreePorts.tcp();
            int udpPort = FreePorts.udpAndTcp();
            Path tlsCfg = dir.resolve("tls.cfg");
            Files.writeString(tlsCfg, resource("tls.cfg")
                    .replace("@CERT@", certificates.serverCert().toString())
                    .replace("@KEY@", certificates.serverKey().toString()));
            Path cfg = dir.resolve("kamailio.cfg");
            Files.writeString(cfg, resource("kamailio.cfg")
                    .replace("@MODULES@", MODULES + "/")
                    .replace("@TLS_PORT@", Integer.toString(tlsPort))
                    .replace("@UDP_PORT@", Integer.toString(udpPort))
                    .replace("@SIPP_PORT@", Integer.toString(sippPort))
                    .replace("@TLS_CFG@", tlsCfg.toString()));
            // -DD: stay in the foreground (so close() can kill it), -E: log to stderr, -n 1: one
            // UDP worker, -Y: runtime files in our folder, -m/-M: small shared/private memory.
            List<String> command = List.of(BINARY, "-f", cfg.toString(), "-DD", "-E", "-n", "1", "-Y", dir.toString(),
                    "-P", dir.resolve("kamailio.pid").toString(), "-m", "64", "-M", "8");
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("kamailio.log").toFile()).start();
            Kamailio kamailio = new Kamailio(process, dir, tlsPort);
            kamailio.awaitListening();
            return kamailio;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Polls the TLS port with plain TCP connects (no bytes sent) until Kamailio accepts. */
    private void awaitListening() {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                close();
                fail("Kamailio exited at start (" + process.exitValue() + "):\n" + log());
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", tlsPort), 200);
                return;
            } catch (IOException notYet) {
                try {
                    process.waitFor(100, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    fail("interrupted while waiting for Kamailio");
                }
            }
        }
        close();
        fail("Kamailio did not listen on TLS port " + tlsPort + " within " + STARTUP + ":\n" + log());
    }

    public int tlsPort() {
        return tlsPort;
    }

    /** Everything Kamailio logged so far, including one KAMAILIO-REQ line per request with its transport. */
    public String log() {
        try {
            return Files.readString(dir.resolve("kamailio.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** A file of src/test/resources/kamailio/. */
    static String resource(String name) throws IOException {
        try (InputStream in = Kamailio.class.getResourceAsStream("/kamailio/" + name)) {
            if (in == null) {
                throw new IOException("test resource /kamailio/" + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        stop(process);
    }

    /**
     * Ends a Kamailio this test started: its main process, then any of its own worker processes
     * that outlive it (they normally exit with it, but one was seen hanging on after SIGTERM),
     * killed if they are still there 2 s later.
     */
    static void stop(Process process) {
        List<ProcessHandle> workers = process.descendants().toList();
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        workers.forEach(ProcessHandle::destroy);
        for (ProcessHandle worker : workers) {
            try {
                worker.onExit().get(2, TimeUnit.SECONDS);
            } catch (TimeoutException | ExecutionException e) {
                worker.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                worker.destroyForcibly();
            }
        }
    }

    @Override
    public String toString() {
        return "Kamailio[tls=127.0.0.1:" + tlsPort + ", dir=" + dir + "]";
    }
}
