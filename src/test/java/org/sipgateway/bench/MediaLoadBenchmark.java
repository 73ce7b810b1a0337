package org.sipgateway.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sipgateway.support.FreePorts;
import org.sipgateway.support.GatewayProcess;
import org.sipgateway.support.ProcStat;
import org.sipgateway.support.Sipp;
import org.slf4j.LoggerFactory;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Media load (issue 8): N concurrent calls, each receiving 50 RTP packets/s through the gateway to
 * its WebSocket client, at 100, 300, 500 and 1,000 calls.
 *
 * <p>Processes: the gateway runs alone in its own JVM ({@link GatewayProcess}), so its CPU is read
 * from /proc/&lt;pid&gt;/stat apart from everything else. This JVM is the load generator: the
 * WebSocket clients ({@link LoadWsClients}, all sessions on 2 Vert.x event loops) and the far
 * end's media ({@link RtpLoadGenerator}, one UDP socket, one sending thread). SIPp is the UAS
 * (uas-answer-media-to-long.xml): its SDP answer points every call's media at the generator's
 * socket. Each level gets a fresh SIPp, generator socket and gateway process, so one level's
 * calls, ports, recordings and JIT state do not leak into the next and the gateway's last latency
 * line belongs to that level alone.
 *
 * <p>Per level:
 * <ol>
 * <li>warm-up: {@code bench.warmup} calls (default 20) are placed, answered and hung up, so the
 * gateway's set-up path is compiled before it is timed;</li>
 * <li>N sessions open, then N CALLs go out paced at {@code bench.cps} (default 200) calls/s.
 * Set-up time is first CALL sent to last CALL_STATE:ANSWERED; the first and the last call's own
 * CALL -> ANSWERED are printed too;</li>
 * <li>with silence-when-idle on, each call sends from its gateway RTP port to the generator,
 * which so learns the N ports;</li>
 * <li>lead-in ({@code bench.leadin}, default 3 s) of the same traffic as the window, not
 * measured: a fresh gateway JVM compiles its media path then;</li>
 * <li>steady window ({@code bench.seconds}, default 20 s): 50 packets/s per call on an absolute
 * 20 ms clock, the calls spread over 20 slots of 1 ms ({@code -Dbench.burst=true}: all in one
 * instant, as the gateway's own 20 ms clock does). Each packet carries {@link System#nanoTime()}
 * of its send; the clients take receive minus send on arrival (same JVM, same clock), count what
 * arrives and the sequence gaps. Gateway and generator CPU (utime + stime) are read at the start
 * and end of the window, the gateway's VmRSS at the end;</li>
 * <li>tear-down: HANGUP to every call, paced as the CALLs; time is first HANGUP to last
 * CALL_STATE:ENDED;</li>
 * <li>the gateway gets SIGTERM; the last "Media latency (RTP arrival -> WebSocket write)" line of
 * its log (logger org.sipgateway.rtp, every 10 s and at stop) is its own, internal latency.</li>
 * </ol>
 * The gateway runs with bench/logback-media-load.xml (WARN, INFO for org.sipgateway.rtp), RTP
 * ports 40000-43999 and the per-client limits lifted (every client is 127.0.0.1). Prints one line
 * per level as it goes and a table at the end; asserts only that calls were answered and packets
 * arrived, nothing about the figures.
 *
 * <p>Run: {@code mvn -B test -Pbench -Dtest=MediaLoadBenchmark}, with optional
 * {@code -Dbench.levels=100,300 -Dbench.seconds=20 -Dbench.burst=true -Dbench.warmup=20 -Dbench.leadin=3 -Dbench.cps=200}.
 */
@Tag("benchmark")
class MediaLoadBenchmark {

    private static final List<Integer> LEVELS = parseLevels(System.getProperty("bench.levels", "100,300,500,1000"));
    private static final int SECONDS = Integer.getInteger("bench.seconds", 20);
    private static final boolean BURST = Boolean.getBoolean("bench.burst");
    private static final int WARMUP = Integer.getInteger("bench.warmup", 20);
    private static final int CALLS_PER_SECOND = Integer.getInteger("bench.cps", 200);
    private static final int LEAD_IN_SECONDS = Integer.getInteger("bench.leadin", 3);
    private static final int SLOTS = BURST ? 1 : 20;
    private static final int TICKS = SECONDS * 50;
    private static final String TARGET = "0912345678";
    private static final int SOCKET_BUFFER = 4 * 1024 * 1024;
    private static final Duration GATEWAY_START = Duration.ofSeconds(60);
    private static final Duration CONNECT_WAIT = Duration.ofSeconds(60);
    private static final Duration ANSWER_WAIT = Duration.ofSeconds(120);
    private static final Duration END_WAIT = Duration.ofSeconds(60);
    private static final Duration LEARN_WAIT = Duration.ofSeconds(20);
    private static final Pattern INTERNAL_LATENCY = Pattern.compile(
            "Media latency \\(RTP arrival -> WebSocket write\\): n=(\\d+) p50=(\\d+)us p99=(\\d+)us max=(\\d+)us");

    static {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
    }

    record Result(int asked, int answered, double setupSeconds, double firstSetupMillis, double lastSetupMillis,
            int media, long sent, long received, long gaps, long missing, long outOfOrder,
            double p50Millis, double p99Millis, double maxMillis, double generatorLateMaxMillis,
            int hungUp, int ended, double teardownSeconds,
            double gatewayCpuPercent, double leadInGatewayCpuPercent, double generatorCpuPercent, long gatewayRssKib,
            String internalLatency, List<String> notes) {

        double lossPercent() {
            return sent == 0 ? Double.NaN : 100.0 * (sent - received) / sent;
        }
    }

    @Test
    void mediaLoad() throws Exception {
        System.out.printf("BENCHMARK media load: levels %s, steady window %d s, calls %s, warm-up %d calls, "
                + "%d s lead-in, %d calls/s offered for set-up and tear-down, CLK_TCK %d%n", LEVELS, SECONDS,
                BURST ? "all in one instant (bench.burst)" : "spread over " + SLOTS + " slots of the 20 ms period",
                WARMUP, LEAD_IN_SECONDS, CALLS_PER_SECOND, ProcStat.CLOCK_TICKS_PER_SECOND);
        List<Result> results = new ArrayList<>();
        for (int level : LEVELS) {
            Result r = runLevel(level);
            results.add(r);
            printLevel(r);
        }
        printTable(results);
        for (Result r : results) {
            assertTrue(r.answered() > 0, "no call answered at level " + r.asked());
            assertTrue(r.received() > 0, "no RTP line reached a client at level " + r.asked());
        }
    }

    private Result runLevel(int calls) throws Exception {
        List<String> notes = new ArrayList<>();
        Path work = Files.createTempDirectory("media-load-");
        try (RtpLoadGenerator generator = new RtpLoadGenerator(SOCKET_BUFFER);
                Sipp sipp = Sipp.uas("uas-answer-media-to-long.xml", WARMUP + calls,
                        "-set", "rtp_port", Integer.toString(generator.port()), "-set", "rtp_pt", "0",
                        "-set", "rtp_codec", "PCMU", "-timeout", "900s", "-l", Integer.toString(WARMUP + calls + 100));
                GatewayProcess gateway = GatewayProcess.start(gatewaySettings(sipp, work), GATEWAY_START);
                LoadWsClients clients = new LoadWsClients(gateway.wsPort(), 2)) {
            notes.add("generator socket: " + generator.buffers());
            if (WARMUP > 0) {
                warmUp(clients, WARMUP, notes);
            }

            List<LoadSession> sessions = clients.connect(calls, CONNECT_WAIT);
            try {
                return measure(calls, sessions, generator, gateway, notes);
            } finally {
                closeAll(sessions);
            }
        } finally {
            delete(work);
        }
    }

    private Result measure(int calls, List<LoadSession> sessions, RtpLoadGenerator generator, GatewayProcess gateway,
            List<String> notes) throws Exception {
        CountDownLatch settled = new CountDownLatch(calls);
        long firstCall = System.nanoTime();
        paced(sessions, s -> s.call(TARGET, settled));
        if (!settled.await(ANSWER_WAIT.toSeconds(), TimeUnit.SECONDS)) {
            notes.add(settled.getCount() + " call(s) neither answered nor failed within " + ANSWER_WAIT);
        }
        List<LoadSession> answered = sessions.stream().filter(LoadSession::answered).toList();
        summarizeFailures(sessions, notes);
        long lastAnswer = answered.stream().mapToLong(LoadSession::answeredNanos).max().orElse(firstCall);
        double setupSeconds = (lastAnswer - firstCall) / 1e9;
        double firstSetup = millisOrNaN(sessions.get(0).setupNanos());
        double lastSetup = millisOrNaN(sessions.get(sessions.size() - 1).setupNanos());

        // The warm-up calls' silence is long over; what arrives from now on is the timed calls'.
        generator.drain();
        List<InetSocketAddress> ports = generator.learnPorts(answered.size(), LEARN_WAIT);
        if (ports.size() < answered.size()) {
            notes.add("only " + ports.size() + " of " + answered.size() + " answered calls sent RTP to the generator within "
                    + LEARN_WAIT + "; media goes to those");
        }

        // A fresh gateway compiles its media path in the first seconds of traffic: not measured.
        int leadInTicks = LEAD_IN_SECONDS * 50;
        long leadInCpu0 = ProcStat.cpuTicks(gateway.pid());
        long leadIn0 = System.nanoTime();
        generator.send(ports, 0, leadInTicks, SLOTS);
        LatencyWsClient.Recorder recorder = new LatencyWsClient.Recorder(ports.size() * TICKS + 10_000);
        sessions.forEach(s -> s.recordInto(recorder, leadInTicks));
        long self = ProcessHandle.current().pid();
        long gatewayTicks0 = ProcStat.cpuTicks(gateway.pid());
        long selfTicks0 = ProcStat.cpuTicks(self);
        long window0 = System.nanoTime();
        double leadInCpu = ProcStat.percentOfOneCore(leadInCpu0, gatewayTicks0, window0 - leadIn0);
        RtpLoadGenerator.Sent sent = generator.send(ports, leadInTicks, TICKS, SLOTS);
        long window1 = System.nanoTime();
        long gatewayTicks1 = ProcStat.cpuTicks(gateway.pid());
        long selfTicks1 = ProcStat.cpuTicks(self);
        long rss = ProcStat.rssKib(gateway.pid());
        awaitStragglers(recorder, sent.packets());
        sessions.forEach(s -> s.recordInto(null, 0));
        if (recorder.unparsable.get() > 0) {
            notes.add(recorder.unparsable.get() + " RTP lines could not be parsed");
        }

        int delivered = recorder.recorded();
        long[] latencies = Arrays.copyOf(recorder.nanos, delivered);
        Arrays.sort(latencies);
        long received = sessions.stream().mapToLong(LoadSession::received).sum();
        long gaps = sessions.stream().mapToLong(LoadSession::gaps).sum();
        long missing = sessions.stream().mapToLong(LoadSession::missing).sum();
        long outOfOrder = sessions.stream().mapToLong(LoadSession::outOfOrder).sum();

        List<String> endedEarly = sessions.stream().map(LoadSession::endedEarly).filter(e -> e != null).toList();
        if (!endedEarly.isEmpty()) {
            notes.add(endedEarly.size() + " answered call(s) ended before HANGUP: " + count(endedEarly));
        }
        List<LoadSession> up = sessions.stream().filter(LoadSession::up).toList();
        CountDownLatch ended = new CountDownLatch(up.size());
        long firstHangup = System.nanoTime();
        paced(up, s -> s.hangUp(ended));
        ended.await(END_WAIT.toSeconds(), TimeUnit.SECONDS);
        int endedCount = (int) (up.size() - ended.getCount());
        long lastEnd = up.stream().mapToLong(LoadSession::endedNanos).max().orElse(firstHangup);

        // Sessions still open at SIGTERM make the stopping gateway log rejected close events.
        closeAll(sessions);
        gatewayNotes(gateway, notes);
        String internal = internalLatency(gateway.log());

        return new Result(calls, answered.size(), setupSeconds, firstSetup, lastSetup, ports.size(),
                sent.packets(), received, gaps, missing, outOfOrder,
                percentile(latencies, 0.50), percentile(latencies, 0.99),
                latencies.length == 0 ? Double.NaN : latencies[latencies.length - 1] / 1e6, sent.maxLateNanos() / 1e6,
                up.size(), endedCount, (lastEnd - firstHangup) / 1e9,
                ProcStat.percentOfOneCore(gatewayTicks0, gatewayTicks1, window1 - window0), leadInCpu,
                ProcStat.percentOfOneCore(selfTicks0, selfTicks1, window1 - window0), rss, internal, notes);
    }

    /** Places and ends {@code count} calls without media, so the timed calls do not pay for the JIT. */
    private void warmUp(LoadWsClients clients, int count, List<String> notes) throws Exception {
        List<LoadSession> sessions = clients.connect(count, CONNECT_WAIT);
        try {
            CountDownLatch settled = new CountDownLatch(count);
            paced(sessions, s -> s.call(TARGET, settled));
            settled.await(ANSWER_WAIT.toSeconds(), TimeUnit.SECONDS);
            List<LoadSession> up = sessions.stream().filter(LoadSession::up).toList();
            CountDownLatch ended = new CountDownLatch(up.size());
            paced(up, s -> s.hangUp(ended));
            ended.await(END_WAIT.toSeconds(), TimeUnit.SECONDS);
            if (up.size() < count || ended.getCount() > 0) {
                notes.add("warm-up: " + up.size() + " of " + count + " calls answered, " + (up.size() - ended.getCount())
                        + " ended after HANGUP");
            }
        } finally {
            closeAll(sessions);
        }
    }

    private static void closeAll(List<LoadSession> sessions) throws InterruptedException {
        List<CompletableFuture<Void>> closing = sessions.stream().map(LoadSession::close).toList();
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // Already closed by the other side, or slow: the gateway's shutdown closes the rest.
        }
    }

    /** Runs {@code action} for each session at {@link #CALLS_PER_SECOND}, on an absolute clock. */
    private static void paced(List<LoadSession> sessions, java.util.function.Consumer<LoadSession> action) {
        long interval = TimeUnit.SECONDS.toNanos(1) / CALLS_PER_SECOND;
        long start = System.nanoTime();
        for (int i = 0; i < sessions.size(); i++) {
            long wait;
            while ((wait = start + i * interval - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            action.accept(sessions.get(i));
        }
    }

    /** Polls until every sent packet arrived or nothing more arrived for a second. */
    private static void awaitStragglers(LatencyWsClient.Recorder recorder, long sent) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int last = -1;
        long lastGrowth = System.nanoTime();
        while (recorder.count.get() < sent && System.nanoTime() < deadline
                && System.nanoTime() - lastGrowth < TimeUnit.SECONDS.toNanos(1)) {
            int now = recorder.count.get();
            if (now != last) {
                last = now;
                lastGrowth = System.nanoTime();
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    private static Map<String, String> gatewaySettings(Sipp sipp, Path work) throws IOException {
        Map<String, String> s = new HashMap<>();
        s.put("gateway.ws.host", "127.0.0.1");
        s.put("gateway.ws.port", Integer.toString(FreePorts.tcp()));
        s.put("gateway.sip.server", sipp.hostPort());
        s.put("gateway.sip.bind-host", "127.0.0.1");
        s.put("gateway.sip.port", Integer.toString(FreePorts.udpAndTcp()));
        s.put("gateway.upload.dir", Files.createDirectories(work.resolve("uploads")).toString());
        s.put("gateway.recording.dir", Files.createDirectories(work.resolve("recordings")).toString());
        s.put("gateway.rtp.silence-when-idle", "true");
        // 2000 port pairs, away from the default range other gateways on this machine may use.
        s.put("gateway.rtp.port-min", "40000");
        s.put("gateway.rtp.port-max", "43999");
        // Every client is 127.0.0.1: lift the per-client limits (issue 7) out of the way.
        s.put("gateway.ws.max-sessions", "5000");
        s.put("gateway.ws.max-sessions-per-address", "5000");
        s.put("gateway.call.max-concurrent", "5000");
        s.put("gateway.call.max-concurrent-per-client", "5000");
        s.put("gateway.call.max-per-minute-per-client", "100000");
        s.put("gateway.call.ring-timeout", "120");
        s.put("logback.configurationFile", "bench/logback-media-load.xml");
        return s;
    }

    /** SIGTERM (so the gateway logs its final latency line), then its exit code and warnings. */
    private static void gatewayNotes(GatewayProcess gateway, List<String> notes) throws InterruptedException {
        int exit = gateway.terminate(Duration.ofSeconds(30));
        // 143 = 128 + SIGTERM: the JVM's ordinary exit after its shutdown hooks ran.
        if (exit != 0 && exit != 143) {
            notes.add("gateway exited with " + exit + " after SIGTERM");
        }
        List<String> warnings = gateway.log().lines().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")).toList();
        if (!warnings.isEmpty()) {
            notes.add("gateway logged " + warnings.size() + " WARN/ERROR line(s); last: " + warnings.get(warnings.size() - 1));
        }
    }

    static String internalLatency(String log) {
        String last = null;
        Matcher m = INTERNAL_LATENCY.matcher(log);
        while (m.find()) {
            last = "n=" + m.group(1) + " p50=" + m.group(2) + "us p99=" + m.group(3) + "us max=" + m.group(4) + "us";
        }
        return last == null ? "not reported" : last;
    }

    private static void summarizeFailures(List<LoadSession> sessions, List<String> notes) {
        List<String> failures = sessions.stream().filter(s -> !s.answered()).map(s -> String.valueOf(s.failure())).toList();
        if (!failures.isEmpty()) {
            notes.add(failures.size() + " call(s) not answered: " + count(failures));
        }
    }

    private static String count(List<String> values) {
        Map<String, Long> counts = new TreeMap<>();
        values.forEach(v -> counts.merge(v, 1L, Long::sum));
        return counts.toString();
    }

    private static void printLevel(Result r) {
        System.out.printf("BENCHMARK media load, %d calls: %d answered, set-up %.2f s (first call %.1f ms, last %.1f ms); "
                + "media to %d calls: sent %d, received %d, loss %.3f %%, gaps %d (%d missing, %d out of order), "
                + "latency send->client p50 %.2f ms p99 %.2f ms max %.2f ms (generator late at most %.2f ms); "
                + "tear-down %.2f s (%d of %d ended); gateway CPU %.1f %% of one core = %.3f %% per call (lead-in: %.1f %%), RSS %d MiB; "
                + "generator JVM CPU %.1f %%; gateway-internal latency: %s%n",
                r.asked(), r.answered(), r.setupSeconds(), r.firstSetupMillis(), r.lastSetupMillis(), r.media(), r.sent(),
                r.received(), r.lossPercent(), r.gaps(), r.missing(), r.outOfOrder(), r.p50Millis(), r.p99Millis(),
                r.maxMillis(), r.generatorLateMaxMillis(), r.teardownSeconds(), r.ended(), r.hungUp(),
                r.gatewayCpuPercent(), r.gatewayCpuPercent() / Math.max(1, r.media()), r.leadInGatewayCpuPercent(),
                r.gatewayRssKib() / 1024, r.generatorCpuPercent(), r.internalLatency());
        r.notes().forEach(n -> System.out.println("BENCHMARK media load, " + r.asked() + " calls, note: " + n));
    }

    private static void printTable(List<Result> results) {
        StringBuilder out = new StringBuilder("\nBENCHMARK media load summary (")
                .append(SECONDS).append(" s steady window, 50 packets/s per call, ")
                .append(BURST ? "all calls' packets in one instant" : "calls spread over the 20 ms period")
                .append(", set-up/tear-down at ").append(CALLS_PER_SECOND).append(" calls/s offered)\n");
        out.append(String.format("%6s %8s %8s %8s %8s %9s %9s %8s %6s %8s %8s %8s %9s %8s %8s %8s %7s%n",
                "calls", "answered", "setup s", "1st ms", "last ms", "sent", "received", "loss %", "gaps",
                "p50 ms", "p99 ms", "max ms", "teardn s", "gw cpu%", "gw %/cl", "gen cpu%", "gw MiB"));
        for (Result r : results) {
            out.append(String.format("%6d %8d %8.2f %8.1f %8.1f %9d %9d %8.3f %6d %8.2f %8.2f %8.2f %9.2f %8.1f %8.3f %8.1f %7d%n",
                    r.asked(), r.answered(), r.setupSeconds(), r.firstSetupMillis(), r.lastSetupMillis(), r.sent(),
                    r.received(), r.lossPercent(), r.gaps(), r.p50Millis(), r.p99Millis(), r.maxMillis(),
                    r.teardownSeconds(), r.gatewayCpuPercent(), r.gatewayCpuPercent() / Math.max(1, r.media()),
                    r.generatorCpuPercent(), r.gatewayRssKib() / 1024));
        }
        out.append("gateway-internal RTP arrival -> WebSocket write latency (its log's last report):\n");
        results.forEach(r -> out.append(String.format("%6d calls: %s%n", r.asked(), r.internalLatency())));
        System.out.print(out);
    }

    private static double millisOrNaN(long nanos) {
        return nanos < 0 ? Double.NaN : nanos / 1e6;
    }

    private static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.max(0, (int) Math.ceil(sorted.length * q) - 1)] / 1e6;
    }

    private static List<Integer> parseLevels(String text) {
        return Arrays.stream(text.split(",")).map(String::trim).filter(t -> !t.isEmpty()).map(Integer::valueOf).toList();
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
