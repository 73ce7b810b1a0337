package org.sipgateway.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.sipgateway.media.WavFormatException;
import org.sipgateway.media.WavInfo;
import org.sipgateway.media.WavParser;

/**
 * A real softphone, baresip 1.0 (Debian package {@code baresip}), headless on 127.0.0.1: the
 * shape of a browser or desk phone that registers at a SIP server and calls through it.
 *
 * <p>It runs with a config folder of its own ({@code baresip -f <dir>}, kept after {@link #close}
 * for post-mortems, with its output in {@code baresip.log}) and only these modules: {@code g711}
 * (PCMU/PCMA), {@code ausine} as the audio source (a sine of the given frequency; it insists on
 * 48 kHz stereo, which baresip resamples for the codec), {@code sndfile} as an audio filter that
 * writes what the phone decodes (what it hears) to {@code recordings/dump-*-dec.wav}, 16-bit mono
 * at the codec's rate, closed when the call ends; {@code account}, {@code menu} (the dial and
 * hangup commands) and {@code ctrl_tcp}, through which this class drives it (netstring-framed
 * JSON commands, answers and events on a TCP port of 127.0.0.1). No audio player and no sound
 * device: baresip 1.0's {@code aufile} module is a source only, so the recording is sndfile's.
 */
public final class Baresip implements AutoCloseable {

    public static final String INSTALL_HINT = "baresip is required: apt-get install -y baresip";
    private static final String BINARY = "/usr/bin/baresip";
    private static final Path MODULES = Path.of("/usr/lib/baresip/modules");
    private static final List<String> NEEDED = List.of("g711", "ausine", "sndfile", "account", "menu", "ctrl_tcp");
    private static final Duration STARTUP = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int JITTER_BUFFER_MIN_FRAMES = 5;
    /** The most 20 ms frames baresip's jitter buffer holds, and so may not record at the end of a call. */
    public static final int JITTER_BUFFER_FRAMES = 10;

    private final Process process;
    private final Path dir;
    private final int sipPort;
    private final Socket control;
    private final OutputStream commands;
    private final Thread reader;
    /** Every answer and event received on the control connection, in order. */
    private final List<JsonNode> messages = new ArrayList<>();
    private int tokens;

    private Baresip(Process process, Path dir, int sipPort, Socket control) throws IOException {
        this.process = process;
        this.dir = dir;
        this.sipPort = sipPort;
        this.control = control;
        this.commands = control.getOutputStream();
        this.reader = new Thread(this::readMessages, "baresip-ctrl-" + sipPort);
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /** Fails (does not skip) when baresip or one of the modules it needs is missing. */
    public static void requireInstalled() {
        if (!Files.isExecutable(Path.of(BINARY))) {
            fail(INSTALL_HINT);
        }
        for (String module : NEEDED) {
            if (!Files.exists(MODULES.resolve(module + ".so"))) {
                fail(INSTALL_HINT + " (module " + module + ".so is missing from " + MODULES + ")");
            }
        }
    }

    /**
     * Starts baresip registering {@code user} with {@code password} at {@code server}
     * ("127.0.0.1:port", which is also the AOR's domain), sending a {@code toneHz} sine in its
     * calls; returns once its control port accepts.
     */
    public static Baresip start(String user, String password, String server, int toneHz) {
        requireInstalled();
        try {
            Path dir = Files.createTempDirectory("baresip-");
            Path recordings = Files.createDirectory(dir.resolve("recordings"));
            int sipPort = FreePorts.udpAndTcp();
            int controlPort = FreePorts.tcp();
            int rtp = FreePorts.evenUdpBlock(8);
            Files.writeString(dir.resolve("config"), String.join("\n",
                    "poll_method epoll",
                    // SIP on UDP and TCP of this port; every local address is 127.0.0.1 (SDP included).
                    "sip_listen 127.0.0.1:" + sipPort,
                    "net_interface 127.0.0.1",
                    "call_local_timeout 60",
                    "call_max_calls 1",
                    "audio_source ausine," + toneHz,
                    "ausrc_srate 48000",
                    "ausrc_channels 2",
                    "rtp_ports " + rtp + "-" + (rtp + 7),
                    "rtp_timeout 0",
                    // baresip's default, stated: the last frames still in it when a call ends are never decoded.
                    "jitter_buffer_delay " + JITTER_BUFFER_MIN_FRAMES + "-" + JITTER_BUFFER_FRAMES,
                    "module_path " + MODULES,
                    "module g711.so",
                    "module ausine.so",
                    "module sndfile.so",
                    "snd_path " + recordings,
                    "module_app account.so",
                    "module_app menu.so",
                    "module_app ctrl_tcp.so",
                    "ctrl_tcp_listen 127.0.0.1:" + controlPort,
                    ""));
            Files.writeString(dir.resolve("accounts"), "<sip:" + user + "@" + server + ">;auth_pass=" + password
                    + ";regint=60;audio_codecs=PCMU/8000/1;ptime=20;answermode=manual\n");
            Files.writeString(dir.resolve("contacts"), "");
            List<String> command = List.of(BINARY, "-4", "-f", dir.toString());
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("baresip.log").toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            return new Baresip(process, dir, sipPort, connect(process, controlPort, dir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Socket connect(Process process, int port, Path dir) throws IOException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail("baresip exited at start (" + process.exitValue() + "):\n" + read(dir.resolve("baresip.log")));
            }
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return socket;
            } catch (IOException notYet) {
                socket.close();
                try {
                    process.waitFor(100, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        process.destroyForcibly();
        fail("baresip did not open its control port " + port + " within " + STARTUP + ":\n" + read(dir.resolve("baresip.log")));
        return null;
    }

    /** Netstrings ("12:{...json...},") from the control connection, until it closes. */
    private void readMessages() {
        try (InputStream in = new BufferedInputStream(control.getInputStream())) {
            while (true) {
                int length = 0;
                int c;
                while ((c = in.read()) != ':') {
                    if (c < '0' || c > '9') {
                        return;
                    }
                    length = length * 10 + (c - '0');
                }
                byte[] body = in.readNBytes(length);
                if (body.length < length || in.read() != ',') {
                    return;
                }
                JsonNode message = JSON.readTree(body);
                synchronized (messages) {
                    messages.add(message);
                    messages.notifyAll();
                }
            }
        } catch (IOException closed) {
            // the connection closed with baresip or with close()
        }
    }

    /** Runs a baresip command (as typed at its console, without the '/') and waits for its answer. */
    public String command(String name, String params) throws InterruptedException {
        String token = "t" + (++tokens);
        ObjectNode request = JSON.createObjectNode().put("command", name).put("params", params).put("token", token);
        byte[] body = request.toString().getBytes(StandardCharsets.UTF_8);
        try {
            commands.write((body.length + ":").getBytes(StandardCharsets.US_ASCII));
            commands.write(body);
            commands.write(',');
            commands.flush();
        } catch (IOException e) {
            fail("cannot send '" + name + "' to baresip: " + e + "\n" + log());
        }
        JsonNode answer = await(m -> m.path("response").asBoolean() && token.equals(m.path("token").asText()),
                Duration.ofSeconds(10), "an answer to '" + name + "'");
        if (!answer.path("ok").asBoolean()) {
            fail("baresip refused '" + name + " " + params + "': " + answer + "\n" + log());
        }
        return answer.path("data").asText();
    }

    /** Places a call to {@code uri} ("sip:user@host:port"), sent through the account's server. */
    public void dial(String uri) throws InterruptedException {
        command("dial", uri);
    }

    /** Hangs up the current call. */
    public void hangup() throws InterruptedException {
        command("hangup", "");
    }

    /** Waits for an event of {@code type} (e.g. CALL_ESTABLISHED, CALL_CLOSED) and returns it. */
    public JsonNode awaitEvent(String type, Duration wait) throws InterruptedException {
        return await(m -> m.path("event").asBoolean() && type.equals(m.path("type").asText()), wait, "event " + type);
    }

    private JsonNode await(Predicate<JsonNode> wanted, Duration wait, String what) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (messages) {
            while (true) {
                for (JsonNode message : messages) {
                    if (wanted.test(message)) {
                        return message;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !process.isAlive()) {
                    break;
                }
                messages.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
        fail("baresip sent no " + what + " within " + wait + "; it sent " + messagesSoFar() + "\n" + log());
        return null;
    }

    private String messagesSoFar() {
        synchronized (messages) {
            return messages.toString();
        }
    }

    /**
     * The WAV of what baresip heard in its call, once sndfile has closed it (its header then
     * counts the samples): polled for until {@code wait}.
     */
    public byte[] awaitRecording(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        do {
            Path file = decodedDump();
            if (file != null) {
                try {
                    byte[] wav = Files.readAllBytes(file);
                    WavInfo info = WavParser.parse(wav);
                    if (info.frames() > 0 && info.dataOffset() + info.dataLength() == wav.length) {
                        return wav;
                    }
                } catch (IOException | WavFormatException notClosedYet) {
                    // sndfile writes the final header when the call's audio stops
                }
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        fail("no complete recording of what baresip heard in " + dir.resolve("recordings") + " within " + wait + "\n" + log());
        return null;
    }

    private Path decodedDump() {
        try (Stream<Path> files = Files.list(dir.resolve("recordings"))) {
            return files.filter(f -> f.getFileName().toString().endsWith("-dec.wav")).findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    public int sipPort() {
        return sipPort;
    }

    /** baresip's console output so far (registrations, calls, module messages). */
    public String log() {
        return read(dir.resolve("baresip.log"));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Asks baresip to quit (it un-REGISTERs), then ends the process this class started if it lingers. */
    @Override
    public void close() {
        try {
            if (process.isAlive() && !control.isClosed()) {
                ByteArrayOutputStream quit = new ByteArrayOutputStream();
                byte[] body = "{\"command\":\"quit\",\"params\":\"\",\"token\":\"quit\"}".getBytes(StandardCharsets.UTF_8);
                quit.write((body.length + ":").getBytes(StandardCharsets.US_ASCII));
                quit.write(body);
                quit.write(',');
                commands.write(quit.toByteArray());
                commands.flush();
            }
        } catch (IOException ignored) {
            // it is going anyway
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try {
            control.close();
        } catch (IOException ignored) {
            // nothing left to do
        }
    }

    @Override
    public String toString() {
        return "Baresip[sip=127.0.0.1:" + sipPort + ", dir=" + dir + "]";
    }
}
