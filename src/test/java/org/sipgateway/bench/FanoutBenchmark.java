package org.sipgateway.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sipgateway.rtp.PacingClock;
import org.sipgateway.support.SipTestSupport;
import org.slf4j.LoggerFactory;

/**
 * Inbound fan-out: how many RTP packets per second the gateway forwards to WebSocket clients as
 * {@code RTP:<hex>} lines, and how long each takes, at 50, 200 and 500 concurrent calls.
 *
 * <p>Each call is one WebSocket session ({@link LatencyWsClient}, all sharing one JDK HttpClient).
 * One SIPp serves every call of every level ({@code -m 750}) with uas-answer-media-to-long.xml,
 * whose SDP answer points every call's media at one UDP socket of the test, the generator. With
 * silence-when-idle on (the default), every call sends silence from its RTP port to the generator,
 * which so learns the gateway's port of each call. One thread then sends, on an absolute 20 ms
 * clock, one RTP packet (v2, PCMU, 160-byte payload, per-call sequence/timestamp/SSRC) to every
 * call's port per tick for 10 s, from the generator socket (the only source the gateway accepts),
 * with {@link System#nanoTime()} of the send in the first 8 payload bytes. The clients take
 * {@code now - sent} on arrival: generator send to client receive, in one JVM. That is an upper
 * bound of the gateway's own arrival-to-WebSocket-send time: it also holds the loopback UDP and
 * TCP hops, the JDK client's decoding and, on this 2-core machine, the generator and the 500
 * clients competing with the gateway for the same CPUs.
 *
 * <p>Prints per level: calls, packets sent, packets delivered to clients, delivered per second,
 * loss, p50/p99/max latency. Asserts nothing about the figures. If fewer calls than asked are
 * answered, the level runs with those and says so.
 * Run: mvn -B test -Pbench -Dtest=FanoutBenchmark
 */
@Tag("benchmark")
class FanoutBenchmark extends SipTestSupport {

    private static final int[] LEVELS = {50, 200, 500};
    private static final int TICKS = 500; // 10 s of 20 ms packets
    private static final long PERIOD_NANOS = 20_000_000L;
    private static final int PAYLOAD = 160;
    private static final Duration SETUP_WAIT = Duration.ofSeconds(90);

    static {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
    }

    private DatagramChannel generator;
    private final Set<Integer> portsOfEarlierLevels = new HashSet<>();

    @Override
    protected String scenario() {
        return "uas-answer-media-to-long.xml";
    }

    @Override
    protected int calls() {
        return Arrays.stream(LEVELS).sum();
    }

    @Override
    protected String[] sippArguments() {
        if (generator == null) {
            try {
                generator = DatagramChannel.open();
                generator.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                generator.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 4 * 1024 * 1024);
                generator.setOption(java.net.StandardSocketOptions.SO_SNDBUF, 4 * 1024 * 1024);
                generator.configureBlocking(false);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new String[] {"-set", "rtp_port", Integer.toString(generatorPort()), "-set", "rtp_pt", "0",
                "-set", "rtp_codec", "PCMU", "-timeout", "900s", "-l", "2000"};
    }

    private int generatorPort() {
        try {
            return ((InetSocketAddress) generator.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected void sipSettings(Properties properties) {
        properties.setProperty("gateway.rtp.silence-when-idle", "true");
        // 1500 port pairs, away from the default range other gateways on this machine may use.
        properties.setProperty("gateway.rtp.port-min", "40000");
        properties.setProperty("gateway.rtp.port-max", "42999");
        properties.setProperty("gateway.ws.max-sessions", "5000");
        // Every benchmark client is 127.0.0.1: lift the per-client limits (issue 7) out of the way.
        properties.setProperty("gateway.ws.max-sessions-per-address", "5000");
        properties.setProperty("gateway.call.max-concurrent", "5000");
        properties.setProperty("gateway.call.max-concurrent-per-client", "5000");
        properties.setProperty("gateway.call.max-per-minute-per-client", "100000");
        properties.setProperty("gateway.call.ring-timeout", "120");
    }

    @AfterAll
    void closeGenerator() throws IOException {
        if (generator != null) {
            generator.close();
        }
    }

    @Test
    void fanout() throws Exception {
        ExecutorService clientThreads = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "bench-ws-client");
            t.setDaemon(true);
            return t;
        });
        HttpClient http = HttpClient.newBuilder().executor(clientThreads).build();
        try {
            for (int level : LEVELS) {
                runLevel(http, level);
            }
        } finally {
            clientThreads.shutdownNow();
        }
        if (logs.contains("not reading fast enough")) {
            logs.lines().stream().filter(l -> l.contains("not reading fast enough")).reduce((a, b) -> b)
                    .ifPresent(l -> System.out.println("BENCHMARK fan-out note: the gateway dropped RTP lines for slow clients; last report: " + l));
        }
    }

    private void runLevel(HttpClient http, int wanted) throws Exception {
        // 1. One WebSocket session per call.
        List<CompletableFuture<LatencyWsClient>> connecting = new ArrayList<>();
        for (int i = 0; i < wanted; i++) {
            connecting.add(LatencyWsClient.connect(http, wsPort));
        }
        List<LatencyWsClient> clients = new ArrayList<>();
        for (CompletableFuture<LatencyWsClient> c : connecting) {
            clients.add(c.join());
        }

        // 2. Place the calls (about 200 per second), then wait for every answer.
        long setupStart = System.nanoTime();
        for (LatencyWsClient client : clients) {
            client.send("CALL:0912345678").join();
            Thread.sleep(5);
        }
        List<LatencyWsClient> answered = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        long deadline = System.nanoTime() + SETUP_WAIT.toNanos();
        for (LatencyWsClient client : clients) {
            String state = client.next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())),
                    "CALL_STATE:ANSWERED", "CALL_STATE:ENDED", "ERROR", "CLIENT_ERROR");
            if (state != null && state.equals("CALL_STATE:ANSWERED")) {
                answered.add(client);
            } else {
                failures.add(String.valueOf(state));
            }
        }
        double setupSeconds = (System.nanoTime() - setupStart) / 1e9;
        if (!failures.isEmpty()) {
            System.out.printf("BENCHMARK fan-out: asked for %d calls, %d answered within %s; the others got %s%n",
                    wanted, answered.size(), SETUP_WAIT, summarize(failures));
        }

        // 3. Learn each call's gateway RTP port from the silence it sends to the generator.
        List<InetSocketAddress> ports = learnPorts(answered.size(), Duration.ofSeconds(20));
        int calls = ports.size();

        // 4. Traffic: 50 packets/s per call for 10 s, latencies recorded by the clients.
        LatencyWsClient.Recorder recorder = new LatencyWsClient.Recorder(calls * TICKS + 1000);
        clients.forEach(c -> c.recordInto(recorder));
        long[] sendStats = generate(ports);
        long sent = sendStats[0];
        long refused = sendStats[1];
        long firstSend = sendStats[2];
        Thread.sleep(2000); // stragglers
        clients.forEach(c -> c.recordInto(null));
        int delivered = recorder.recorded();
        long[] latencies = Arrays.copyOf(recorder.nanos, delivered);
        Arrays.sort(latencies);
        double window = (Math.max(recorder.lastArrival, sendStats[3]) - firstSend) / 1e9;

        System.out.printf("BENCHMARK fan-out RTP -> WebSocket, %d calls%s (set up in %.1f s): packets sent %d%s, "
                + "delivered to clients %d, delivered/s %.0f, loss %.2f %%, latency send->client p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                calls, calls == wanted ? "" : " (of " + wanted + " asked)", setupSeconds, sent,
                refused == 0 ? "" : " (+" + refused + " refused by the local socket)", delivered,
                delivered / window, 100.0 * (sent - delivered) / Math.max(1, sent),
                percentile(latencies, 0.50), percentile(latencies, 0.99),
                latencies.length == 0 ? Double.NaN : latencies[latencies.length - 1] / 1e6);
        if (recorder.unparsable.get() > 0) {
            System.out.println("BENCHMARK fan-out: " + recorder.unparsable.get() + " RTP lines could not be parsed");
        }

        // 5. Calls that ended by themselves while up (they should not), then hang up and
        // disconnect; the ports of this level are not learned again.
        List<String> endedEarly = new ArrayList<>();
        List<LatencyWsClient> stillUp = new ArrayList<>();
        for (LatencyWsClient client : answered) {
            List<String> queued = client.drain();
            String end = queued.stream().filter(m -> m.startsWith("CALL_STATE:ENDED")).findFirst().orElse(null);
            if (end == null) {
                stillUp.add(client);
            } else {
                endedEarly.add(end);
            }
        }
        if (!endedEarly.isEmpty()) {
            System.out.printf("BENCHMARK fan-out: %d answered call(s) had already ended before HANGUP: %s%n",
                    endedEarly.size(), summarize(endedEarly));
        }
        answered = stillUp;
        long hangupStart = System.nanoTime();
        for (LatencyWsClient client : answered) {
            client.send("HANGUP").join();
        }
        int ended = 0;
        long endDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (LatencyWsClient client : answered) {
            if (client.next(Duration.ofNanos(Math.max(1, endDeadline - System.nanoTime())), "CALL_STATE:ENDED") != null) {
                ended++;
            }
        }
        System.out.printf("BENCHMARK fan-out, %d calls: HANGUP sent to all -> %d of them reported CALL_STATE:ENDED after %.1f s%n",
                answered.size(), ended, (System.nanoTime() - hangupStart) / 1e9);
        clients.forEach(LatencyWsClient::close);
        ports.forEach(p -> portsOfEarlierLevels.add(p.getPort()));
        Thread.sleep(500);
        drain();
    }

    /** Reads the generator socket until {@code expected} distinct new source ports were seen. */
    private List<InetSocketAddress> learnPorts(int expected, Duration wait) throws IOException, InterruptedException {
        Set<InetSocketAddress> seen = new LinkedHashSet<>();
        ByteBuffer buffer = ByteBuffer.allocateDirect(2048);
        long deadline = System.nanoTime() + wait.toNanos();
        while (seen.size() < expected && System.nanoTime() < deadline) {
            buffer.clear();
            InetSocketAddress from = (InetSocketAddress) generator.receive(buffer);
            if (from == null) {
                Thread.sleep(1);
            } else if (!portsOfEarlierLevels.contains(from.getPort())) {
                seen.add(from);
            }
        }
        if (seen.size() < expected) {
            System.out.printf("BENCHMARK fan-out: only %d of %d answered calls sent RTP to the generator within %s%n",
                    seen.size(), expected, wait);
        }
        return new ArrayList<>(seen);
    }

    private void drain() throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(2048);
        for (int i = 0; i < 1_000_000; i++) {
            buffer.clear();
            if (generator.receive(buffer) == null) {
                return;
            }
        }
    }

    /**
     * One sending thread (this one) on an absolute clock: tick n at start + n x 20 ms sends one
     * packet to every port. Returns {sent, refused, first send nanos, last send nanos}.
     */
    private long[] generate(List<InetSocketAddress> ports) throws IOException {
        int n = ports.size();
        byte[][] packets = new byte[n][12 + PAYLOAD];
        for (int i = 0; i < n; i++) {
            byte[] p = packets[i];
            p[0] = (byte) 0x80; // V=2, no padding, extension or CSRC
            p[1] = 0;           // marker 0, PT 0 (PCMU)
            int ssrc = 0x5EED0000 + i;
            p[8] = (byte) (ssrc >>> 24);
            p[9] = (byte) (ssrc >>> 16);
            p[10] = (byte) (ssrc >>> 8);
            p[11] = (byte) ssrc;
            Arrays.fill(p, 12, p.length, (byte) 0xFF); // mu-law silence after the send time
        }
        ByteBuffer out = ByteBuffer.allocateDirect(12 + PAYLOAD);
        long sent = 0;
        long refused = 0;
        long start = System.nanoTime() + 5_000_000L;
        long first = 0;
        long last = 0;
        for (int tick = 0; tick < TICKS; tick++) {
            PacingClock.sleepUntil(start + tick * PERIOD_NANOS);
            int seq = tick & 0xFFFF;
            long timestamp = 160L * tick;
            for (int i = 0; i < n; i++) {
                byte[] p = packets[i];
                p[1] = (byte) (tick == 0 ? 0x80 : 0x00);
                p[2] = (byte) (seq >>> 8);
                p[3] = (byte) seq;
                p[4] = (byte) (timestamp >>> 24);
                p[5] = (byte) (timestamp >>> 16);
                p[6] = (byte) (timestamp >>> 8);
                p[7] = (byte) timestamp;
                long now = System.nanoTime();
                for (int b = 0; b < 8; b++) {
                    p[12 + b] = (byte) (now >>> (56 - 8 * b));
                }
                out.clear();
                out.put(p).flip();
                if (generator.send(out, ports.get(i)) > 0) {
                    sent++;
                } else {
                    refused++;
                }
                if (first == 0) {
                    first = now;
                }
                last = now;
            }
        }
        return new long[] {sent, refused, first, last};
    }

    private static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.max(0, (int) Math.ceil(sorted.length * q) - 1)] / 1e6;
    }

    private static String summarize(List<String> failures) {
        java.util.Map<String, Long> counts = new java.util.TreeMap<>();
        failures.forEach(f -> counts.merge(f, 1L, Long::sum));
        return counts.toString();
    }
}
