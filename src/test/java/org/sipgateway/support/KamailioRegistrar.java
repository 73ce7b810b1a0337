package org.sipgateway.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Kamailio as registrar and proxy on one UDP socket of 127.0.0.1
 * (src/test/resources/kamailio/registrar.cfg): REGISTER with digest authentication against the
 * passwords given to {@link #start}, bindings in memory, INVITEs relayed by lookup("location")
 * to the registered Contact with Record-Route. Like {@link Kamailio} it runs in the foreground
 * in its own temporary folder, is killed by {@link #close}, and its folder (config, log) is kept.
 */
public final class KamailioRegistrar implements AutoCloseable {

    public static final String INSTALL_HINT = "Kamailio is required: apt-get install -y kamailio";
    private static final Duration STARTUP = Duration.ofSeconds(20);
    /** Users and passwords go into the config as literals: keep them to characters that need no quoting. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_.-]+");

    private final Process process;
    private final Path dir;
    private final int port;

    private KamailioRegistrar(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    public static void requireInstalled() {
        if (!Files.isExecutable(Path.of(Kamailio.BINARY)) || !Files.exists(Kamailio.MODULES.resolve("registrar.so"))) {
            fail(INSTALL_HINT);
        }
    }

    /**
     * Starts Kamailio on a free UDP port, accepting REGISTERs from the users of {@code passwords}
     * (user to password); returns once it answers a request.
     */
    public static KamailioRegistrar start(Map<String, String> passwords) {
        requireInstalled();
        StringBuilder lookup = new StringBuilder();
        passwords.forEach((user, password) -> {
            if (!PLAIN.matcher(user).matches() || !PLAIN.matcher(password).matches()) {
                throw new IllegalArgumentException("users and passwords must match " + PLAIN + ": " + user);
            }
            lookup.append("    if ($au == \"").append(user).append("\") {\n        $var(password) = \"")
                    .append(password).append("\";\n    }\n");
        });
        try {
            Path dir = Files.createTempDirectory("kamailio-registrar-");
            int port = FreePorts.udpAndTcp();
            Path cfg = dir.resolve("registrar.cfg");
            Files.writeString(cfg, Kamailio.resource("registrar.cfg")
                    .replace("@MODULES@", Kamailio.MODULES + "/")
                    .replace("@UDP_PORT@", Integer.toString(port))
                    .replace("@PASSWORDS@", lookup.toString().stripTrailing()));
            // As Kamailio: -DD foreground, -E log to stderr, -n 1 UDP worker, -Y runtime files here.
            List<String> command = List.of(Kamailio.BINARY, "-f", cfg.toString(), "-DD", "-E", "-n", "1", "-Y",
                    dir.toString(), "-P", dir.resolve("kamailio.pid").toString(), "-m", "64", "-M", "8");
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("kamailio.log").toFile()).start();
            KamailioRegistrar kamailio = new KamailioRegistrar(process, dir, port);
            kamailio.awaitAnswering();
            return kamailio;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends OPTIONS (which the config answers with 405) until an answer comes back. */
    private void awaitAnswering() throws IOException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            socket.setSoTimeout(200);
            int probe = 0;
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    close();
                    fail("Kamailio exited at start (" + process.exitValue() + "):\n" + log());
                }
                byte[] options = options(socket.getLocalPort(), ++probe);
                socket.send(new DatagramPacket(options, options.length, new InetSocketAddress("127.0.0.1", port)));
                byte[] buffer = new byte[4096];
                DatagramPacket answer = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(answer);
                    if (new String(buffer, 0, answer.getLength(), StandardCharsets.US_ASCII).startsWith("SIP/2.0 ")) {
                        return;
                    }
                } catch (SocketTimeoutException notYet) {
                    // not listening yet
                }
            }
        }
        close();
        fail("Kamailio did not answer on UDP port " + port + " within " + STARTUP + ":\n" + log());
    }

    private byte[] options(int localPort, int probe) {
        String message = "OPTIONS sip:127.0.0.1:" + port + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + localPort + ";branch=z9hG4bK-probe-" + probe + "\r\n"
                + "From: <sip:probe@127.0.0.1>;tag=probe\r\n"
                + "To: <sip:127.0.0.1:" + port + ">\r\n"
                + "Call-ID: probe-" + probe + "@127.0.0.1\r\n"
                + "CSeq: " + probe + " OPTIONS\r\n"
                + "Max-Forwards: 70\r\n"
                + "Content-Length: 0\r\n\r\n";
        return message.getBytes(StandardCharsets.US_ASCII);
    }

    public int port() {
        return port;
    }

    /** "127.0.0.1:port", as gateway.sip.server and SIPp's remote host want it. */
    public String hostPort() {
        return "127.0.0.1:" + port;
    }

    /**
     * Waits until Kamailio has saved a binding for {@code user} (an authenticated REGISTER) and
     * returns its Contact as Kamailio logged it; fails with the log after {@code wait}.
     */
    public String awaitBinding(String user, Duration wait) throws InterruptedException {
        Pattern saved = Pattern.compile("KAMAILIO-SAVED " + Pattern.quote(user) + " contact (\\S+)");
        return awaitLog(saved, wait, "a binding for " + user).group(1);
    }

    /** Waits for a log line matching {@code pattern}; fails with the log after {@code wait}. */
    public Matcher awaitLog(Pattern pattern, Duration wait, String what) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        do {
            Matcher matcher = pattern.matcher(log());
            if (matcher.find()) {
                return matcher;
            }
            if (!process.isAlive()) {
                fail("Kamailio exited (" + process.exitValue() + ") before " + what + ":\n" + log());
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        fail("Kamailio logged no " + what + " within " + wait + ":\n" + log());
        return null;
    }

    /** Everything Kamailio logged so far: a KAMAILIO-* line for each request, binding and reply. */
    public String log() {
        try {
            return Files.readString(dir.resolve("kamailio.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        Kamailio.stop(process);
    }

    @Override
    public String toString() {
        return "KamailioRegistrar[udp=" + hostPort() + ", dir=" + dir + "]";
    }
}
