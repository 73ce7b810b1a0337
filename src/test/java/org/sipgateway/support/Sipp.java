package org.sipgateway.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SIPp process (SIPp 3.6.x, Debian package {@code sip-tester}) on loopback, for tests.
 *
 * <p>{@link #uas} starts SIPp as a UAS on a free UDP port of 127.0.0.1 and returns once SIPp has
 * bound that port, so a test can dial {@link #hostPort()} straight away. The command line is
 *
 * <pre>
 * sipp -sf &lt;dir&gt;/&lt;scenario&gt;.xml -i 127.0.0.1 -p &lt;port&gt; -m &lt;calls&gt; -nostdin
 *      -trace_msg -message_file &lt;dir&gt;/messages.log
 *      -trace_err -error_file &lt;dir&gt;/errors.log
 *      -trace_screen -screen_file &lt;dir&gt;/screen.log
 *      -timeout 60s -timeout_error
 *      -mi 127.0.0.1 -mp &lt;media port&gt; [extra arguments]
 * </pre>
 *
 * run with {@code <dir>} (a fresh temporary folder holding the extracted scenario and the
 * helper files next to it) as working directory; stdout/stderr go to {@code <dir>/stdout.log}
 * and {@code <dir>/stderr.log}. Extra arguments come last, e.g. {@code "-set", "pass", "x"} or
 * {@link #RTP_ECHO}. A later option overrides an earlier one (verified for {@code -timeout}:
 * {@code "-timeout", "120s"} in the extra arguments replaces the default 60 s).
 * The temporary folder is kept after {@link #close()}, so logs stay readable for post-mortems.
 *
 * <p>Media: SIPp binds {@code -mp} (audio, {@code [media_port]}) and {@code -mp + 2} (video)
 * on {@code -mi} at start-up whether or not RTP echo is on, so {@code [media_port]} in the SDP
 * is a real, bound UDP port. Without {@code -rtp_echo} packets sent there are silently dropped;
 * with it (pass {@link #RTP_ECHO}) they are echoed back to their source.
 *
 * <p>Exit codes, as verified with SIPp 3.6.1 ({@code sipp -h} lists the first four):
 * <ul>
 * <li>0: all calls (-m) succeeded;</li>
 * <li>1: at least one call failed (unexpected message, recv timeout without ontimeout, call
 * ended by {@code <exec int_cmd="stop_call"/>} from a recv action). Also 1 when the scenario
 * file is missing or does not parse (e.g. "Variable $x is referenced 1 times");</li>
 * <li>97: exit on internal command ({@code int_cmd="stop_now"}), also when {@code -timeout}
 * expires <em>without</em> {@code -timeout_error};</li>
 * <li>99: normal exit without calls processed;</li>
 * <li>255 (-1): fatal error, including {@code -timeout} expiring with {@code -timeout_error}
 * (which this class always passes, so a peer that never calls gives 255 after 60 s);</li>
 * <li>254 (-2): a socket could not be bound (SIP port, {@code -mp} media ports, or an explicit
 * {@code -cp} control port already in use).</li>
 * </ul>
 * The UDP remote-control port is left to SIPp, which searches upwards from 8888 for a free one,
 * so parallel instances do not collide.
 */
public final class Sipp implements AutoCloseable {

    /** Extra argument turning SIPp's RTP echo on (off by default). */
    public static final String RTP_ECHO = "-rtp_echo";

    public static final String INSTALL_HINT = "SIPp is required: apt-get install -y sip-tester";

    /** Files copied next to every extracted scenario (the scenario may refer to them). */
    private static final List<String> HELPERS = List.of("digest-check.sh");

    private static final String HOST = "127.0.0.1";
    private static final Duration STARTUP = Duration.ofSeconds(10);
    private static final Pattern ANSWER_PORT = Pattern.compile("SIP/2\\.0 200 OK.*?m=audio (\\d+) ", Pattern.DOTALL);

    private final Process process;
    private final Path dir;
    private final int port;
    private final int mediaPort;
    private final List<String> command;

    private Sipp(Process process, Path dir, int port, int mediaPort, List<String> command) {
        this.process = process;
        this.dir = dir;
        this.port = port;
        this.mediaPort = mediaPort;
        this.command = command;
    }

    /** Fails (does not skip) when the {@code sipp} binary cannot be run. */
    public static void requireInstalled() {
        try {
            Process p = new ProcessBuilder("sipp", "-v").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(INSTALL_HINT + " (sipp -v did not return)");
            }
        } catch (IOException e) {
            fail(INSTALL_HINT + " (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(INSTALL_HINT + " (interrupted)");
        }
    }

    /**
     * Starts SIPp as UAS with {@code scenarioResource} ("sipp/uas-busy.xml", "/sipp/uas-busy.xml"
     * or just "uas-busy.xml", looked up under {@code sipp/} on the test classpath), serving
     * {@code calls} calls before it exits.
     */
    public static Sipp uas(String scenarioResource, int calls, String... extraArgs) {
        return start(scenarioResource, null, calls, extraArgs);
    }

    /**
     * Starts SIPp as a client (UAC) of {@code remoteHostPort}, placing {@code calls} calls, one
     * at a time unless the extra arguments say otherwise (e.g. {@code "-l", "10", "-r", "10"}).
     */
    public static Sipp uac(String scenarioResource, String remoteHostPort, int calls, String... extraArgs) {
        return start(scenarioResource, remoteHostPort, 0, calls, extraArgs);
    }

    /**
     * As {@link #uac}, sending from UDP port {@code localPort} of 127.0.0.1: a caller the gateway
     * trusts as its {@code gateway.sip.server}, which must be named before the gateway starts.
     */
    public static Sipp uacFrom(int localPort, String scenarioResource, String remoteHostPort, int calls, String... extraArgs) {
        return start(scenarioResource, remoteHostPort, localPort, calls, extraArgs);
    }

    private static Sipp start(String scenarioResource, String remote, int calls, String... extraArgs) {
        return start(scenarioResource, remote, 0, calls, extraArgs);
    }

    /** Fresh ports tried when SIPp finds the one picked for it taken (another process bound it after the look). */
    private static final int BIND_ATTEMPTS = 3;

    private static Sipp start(String scenarioResource, String remote, int localPort, int calls, String... extraArgs) {
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(scenarioResource, remote, localPort, calls, extraArgs);
            } catch (PortTaken e) {
                if (localPort > 0 || attempt == BIND_ATTEMPTS) {
                    throw new AssertionError(e.getMessage());
                }
            }
        }
    }

    /** SIPp exited because its SIP port was taken between FreePorts' look and its bind. */
    private static final class PortTaken extends RuntimeException {
        PortTaken(String message) {
            super(message);
        }
    }

    private static Sipp startOnce(String scenarioResource, String remote, int localPort, int calls, String... extraArgs) {
        requireInstalled();
        Path dir;
        try {
            dir = Files.createTempDirectory("sipp-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String resource = resourcePath(scenarioResource);
        Path scenario = extract(resource, dir, true);
        String folder = resource.contains("/") ? resource.substring(0, resource.lastIndexOf('/') + 1) : "";
        for (String helper : HELPERS) {
            Path copied = extract("sipp/" + helper, dir, false);
            if (copied == null && !folder.equals("sipp/")) {
                extract(folder + helper, dir, false);
            }
        }
        int port = localPort > 0 ? localPort : freeUdpPort();
        int mediaPort = freeMediaPort();

        List<String> command = new ArrayList<>();
        command.add("sipp");
        if (remote != null) {
            command.add(remote);
        }
        command.addAll(List.of(
                "-sf", scenario.toString(),
                "-i", HOST,
                "-p", Integer.toString(port),
                "-m", Integer.toString(calls),
                "-nostdin",
                "-trace_msg", "-message_file", dir.resolve("messages.log").toString(),
                "-trace_err", "-error_file", dir.resolve("errors.log").toString(),
                "-trace_screen", "-screen_file", dir.resolve("screen.log").toString(),
                "-timeout", "60s", "-timeout_error",
                "-mi", HOST,
                "-mp", Integer.toString(mediaPort)));
        command.addAll(Arrays.asList(extraArgs));

        Process process;
        try {
            process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectOutput(dir.resolve("stdout.log").toFile())
                    .redirectError(dir.resolve("stderr.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new AssertionError(INSTALL_HINT + " (cannot start sipp: " + e.getMessage() + ")", e);
        }
        Sipp sipp = new Sipp(process, dir, port, mediaPort, List.copyOf(command));
        sipp.awaitListening(overTcp(extraArgs));
        return sipp;
    }

    /** SIPp's {@code -t t1} / {@code -t tn}: it then listens on TCP instead of UDP. */
    private static boolean overTcp(String... extraArgs) {
        for (int i = 0; i + 1 < extraArgs.length; i++) {
            if (extraArgs[i].equals("-t") && extraArgs[i + 1].startsWith("t")) {
                return true;
            }
        }
        return false;
    }

    /** Polls until SIPp holds its SIP port (a bind attempt fails), or fails with SIPp's logs. */
    private void awaitListening(boolean tcp) {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String why = "sipp exited with " + process.exitValue() + " before listening on " + hostPort()
                        + "\n" + diagnostics();
                if (why.contains("Unable to bind main socket")) {
                    throw new PortTaken(why);
                }
                fail(why);
            }
            if (tcp ? !tcpBindable(port) : !bindable(port)) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                fail("interrupted while waiting for sipp");
            }
        }
        close();
        fail("sipp did not bind " + hostPort() + " within " + STARTUP + "\n" + diagnostics());
    }

    public int port() {
        return port;
    }

    public String hostPort() {
        return HOST + ":" + port;
    }

    /** The audio port SIPp bound on 127.0.0.1 and puts in its SDP as {@code [media_port]}. */
    public int mediaPort() {
        return mediaPort;
    }

    /** The temporary folder holding the scenario and SIPp's logs. */
    public Path directory() {
        return dir;
    }

    /** The exact command line SIPp was started with. */
    public List<String> command() {
        return command;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits for SIPp to exit and returns its exit code (see the class comment). Fails, killing
     * SIPp and quoting the tail of its logs, when it is still running after {@code timeout}.
     */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                String logs = diagnostics();
                close();
                fail("sipp (" + hostPort() + ") did not exit within " + timeout + "\n" + logs);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            fail("interrupted while waiting for sipp");
        }
        return process.exitValue();
    }

    /** The SIP messages SIPp sent and received so far (its -trace_msg file). */
    public String messages() {
        return read("messages.log");
    }

    /**
     * The audio port named by the SDP of the first 200 OK in {@link #messages()} (a UAC's: the
     * answer it received), polled for until {@code wait}; fails with the diagnostics.
     */
    public int awaitAnsweredMediaPort(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        do {
            Matcher matcher = ANSWER_PORT.matcher(messages());
            if (matcher.find()) {
                return Integer.parseInt(matcher.group(1));
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        fail("no 200 OK with SDP in SIPp's messages within " + wait + ":\n" + diagnostics());
        return -1;
    }

    /** Unexpected messages and other errors SIPp logged so far (its -trace_err file). */
    public String errors() {
        return read("errors.log");
    }

    /** SIPp's final statistics screen (written when SIPp exits). */
    public String screen() {
        return read("screen.log");
    }

    /** The command line and the tails of every log, for failure messages. */
    public String diagnostics() {
        StringBuilder out = new StringBuilder("command: ").append(String.join(" ", command)).append('\n');
        if (!process.isAlive()) {
            out.append("exit code: ").append(process.exitValue()).append('\n');
        }
        for (String name : List.of("errors.log", "stderr.log", "messages.log", "screen.log")) {
            String text = read(name);
            if (!text.isBlank()) {
                out.append("----- ").append(name).append(" (tail) -----\n").append(tail(text, 4000)).append('\n');
            }
        }
        return out.toString();
    }

    /** Kills SIPp if it is still running. The temporary folder is kept for post-mortems. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(3, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(3, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    @Override
    public String toString() {
        return "Sipp[" + hostPort() + ", media " + mediaPort + ", " + dir + "]";
    }

    private String read(String name) {
        Path file = dir.resolve(name);
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    private static String tail(String text, int max) {
        return text.length() <= max ? text : "..." + text.substring(text.length() - max);
    }

    private static String resourcePath(String scenarioResource) {
        String path = scenarioResource.startsWith("/") ? scenarioResource.substring(1) : scenarioResource;
        if (Sipp.class.getClassLoader().getResource(path) == null && !path.startsWith("sipp/")) {
            path = "sipp/" + path;
        }
        return path;
    }

    private static Path extract(String resource, Path dir, boolean required) {
        try (InputStream in = Sipp.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                if (required) {
                    fail("no SIPp scenario on the test classpath: " + resource);
                }
                return null;
            }
            Path target = dir.resolve(resource.substring(resource.lastIndexOf('/') + 1));
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIP over UDP or TCP: SIPp's -t t1 listens on TCP, so the port must be free for both. */
    static int freeUdpPort() {
        return FreePorts.udpAndTcp();
    }

    /** An even port p with p..p+3 free on 127.0.0.1 (SIPp binds p and p + 2). */
    private static int freeMediaPort() {
        return FreePorts.evenUdpBlock(4);
    }

    private static boolean tcpBindable(int port) {
        try (java.net.ServerSocket socket = new java.net.ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean bindable(int port) {
        try (DatagramSocket socket = new DatagramSocket(null)) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
            return true;
        } catch (SocketException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
