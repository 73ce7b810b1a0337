package org.sipgateway.bench;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
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
 * <li>tear-down: HANGUP to every call, paced as the CALLs ({@code bench.teardown-cps} to offer them
 * faster); time is first HANGUP to last CALL_STATE:ENDED, and a note gives last HANGUP sent to
 * last ENDED and each call's own HANGUP -> ENDED;</li>
 * <li>the gateway gets SIGTERM; the last "Media latency (RTP arrival -> WebSocket write)" line of
 * its log (logger org.sipgateway.rtp, every 10 s and at stop) is its own, internal latency.</li>
 * </ol>
 * The gateway runs with bench/logback-media-load.xml (WARN, INFO for org.sipgateway.rtp), RTP
 * ports 40000-43999 and the per-client limits lifted (every client is 127.0.0.1); see
 * {@link BenchGateway#settings}. Prints one line per level as it goes and a table at the end;
 * asserts only that calls were answered and packets arrived, nothing about the figures.
 *
 * <p>{@code -Dbench.format=pcmu|pcma|l16|l16-16k} (issue 9): every session sends
 * {@code AUDIO_FORMAT:<format>} before its CALL, so the call's audio reaches it as binary frames
 * instead of RTP lines. In {@code pcmu} a frame is the packet's payload as it was sent (the calls
 * are PCMU), so the send time and sequence number the generator wrote there are read from it and
 * the figures mean what they mean for RTP lines. The other formats are transcoded: their frames
 * are only counted, from the start of the lead-in (so sent and received include the lead-in's
 * packets), and the latency is the gateway's own histogram only, which records binary frames too.
 *
 * <p>Run: {@code mvn -B test -Pbench -Dtest=MediaLoadBenchmark}, with optional
 * {@code -Dbench.levels=100,300 -Dbench.seconds=20 -Dbench.burst=true -Dbench.warmup=20 -Dbench.leadin=3 -Dbench.cps=200
 * -Dbench.teardown-cps=200
 * -Dbench.format=l16-16k}.
 */
@Tag("benchmark")
class MediaLoadBenchmark {

    private static final List<Integer> LEVELS = parseLevels(System.getProperty("bench.levels", "100,300,500,1000"));
    private static final int SECONDS = Integer.getInteger("bench.seconds", 20);
    private static final boolean BURST = Boolean.getBoolean("bench.burst");
    private static final int WARMUP = Integer.getInteger("bench.warmup", 20);
    private static final int CALLS_PER_SECOND = Integer.getInteger("bench.cps", 200);
    /** HANGUPs offered per second at the end of a level (a large number: all at once). */
    private static final int TEARDOWN_PER_SECOND = Integer.getInteger("bench.teardown-cps", CALLS_PER_SECOND);
    private static final int LEAD_IN_SECONDS = Integer.getInteger("bench.leadin", 3);
    private static final String FORMAT = System.getProperty("bench.format", "off");
    /** RTP lines, or pcmu frames: each one carries the generator's send time and sequence number. */
    private static final boolean TIMED = FORMAT.equals("off") || FORMAT.equals("pcmu");
    private static final int SLOTS = BURST ? 1 : 20;
    private static final int TICKS = SECONDS * 50;
    private static final String TARGET = LoadCalls.TARGET;
    private static final int SOCKET_BUFFER = 4 * 1024 * 1024;
    private static final Duration GATEWAY_START = Duration.ofSeconds(60);
    private static final Duration CONNECT_WAIT = LoadCalls.CONNECT_WAIT;
    private static final Duration ANSWER_WAIT = LoadCalls.ANSWER_WAIT;
    private static final Duration END_WAIT = LoadCalls.END_WAIT;
    private static final Duration LEARN_WAIT = Duration.ofSeconds(20);

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
                + "%d s lead-in, %d calls/s offered for set-up and tear-down, CLK_TCK %d, client audio %s%n", LEVELS, SECONDS,
                BURST ? "all in one instant (bench.burst)" : "spread over " + SLOTS + " slots of the 20 ms period",
                WARMUP, LEAD_IN_SECONDS, CALLS_PER_SECOND, ProcStat.CLOCK_TICKS_PER_SECOND,
                FORMAT.equals("off") ? "as RTP lines" : "as binary frames, AUDIO_FORMAT:" + FORMAT
                        + (TIMED ? "" : " (frames counted, not timed; sent and received include the lead-in)"));
        List<Result> results = new ArrayList<>();
        for (int level : LEVELS) {
            Result r = runLevel(level);
            results.add(r);
            printLevel(r);
        }
        printTable(results);
        for (Result r : results) {
            assertTrue(r.answered() > 0, "no call answered at level " + r.asked());
            assertTrue(r.received() > 0, "no RTP line or frame reached a client at level " + r.asked());
        }
    }

    private Result runLevel(int calls) throws Exception {
        List<String> notes = new ArrayList<>();
        Path work = Files.createTempDirectory("media-load-");
        try (RtpLoadGenerator generator = new RtpLoadGenerator(SOCKET_BUFFER);
                Sipp sipp = Sipp.uas("uas-answer-media-to-long.xml", WARMUP + calls,
                        "-set", "rtp_port", Integer.toString(generator.port()), "-set", "rtp_pt", "0",
                        "-set", "rtp_codec", "PCMU", "-timeout", "900s", "-l", Integer.toString(WARMUP + calls + 100));
                GatewayProcess gateway = GatewayProcess.start(BenchGateway.settings(sipp, work), GATEWAY_START);
                LoadWsClients clients = new LoadWsClients(gateway.wsPort(), 2)) {
            notes.add("generator socket: " + generator.buffers());
            if (WARMUP > 0) {
                LoadCalls.warmUp(clients, WARMUP, CALLS_PER_SECOND, notes);
            }

            List<LoadSession> sessions = clients.connect(calls, CONNECT_WAIT);
            try {
                return measure(calls, sessions, generator, gateway, notes);
            } finally {
                LoadCalls.closeAll(sessions);
            }
        } finally {
            BenchGateway.delete(work);
        }
    }

    private Result measure(int calls, List<LoadSession> sessions, RtpLoadGenerator generator, GatewayProcess gateway,
            List<String> notes) throws Exception {
        if (!FORMAT.equals("off")) {
            sessions.forEach(s -> s.audioFormat(FORMAT));
        }
        CountDownLatch settled = new CountDownLatch(calls);
        long firstCall = System.nanoTime();
        paced(sessions, s -> s.call(TARGET, settled));
        if (!settled.await(ANSWER_WAIT.toSeconds(), TimeUnit.SECONDS)) {
            notes.add(settled.getCount() + " call(s) neither answered nor failed within " + ANSWER_WAIT);
        }
        List<LoadSession> answered = sessions.stream().filter(LoadSession::answered).toList();
        LoadCalls.summarizeFailures(sessions, notes);
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
        RtpLoadGenerator.Sent leadIn = generator.send(ports, 0, leadInTicks, SLOTS);
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
        if (TIMED) {
            awaitStragglers(recorder, sent.packets());
        } else {
            awaitFrames(sessions, leadIn.packets() + sent.packets());
        }
        sessions.forEach(s -> s.recordInto(null, 0));
        if (recorder.unparsable.get() > 0) {
            notes.add(recorder.unparsable.get() + " RTP lines could not be parsed");
        }

        int delivered = recorder.recorded();
        long[] latencies = Arrays.copyOf(recorder.nanos, delivered);
        Arrays.sort(latencies);
        long sentPackets = TIMED ? sent.packets() : leadIn.packets() + sent.packets();
        long received = sessions.stream().mapToLong(TIMED ? LoadSession::received : LoadSession::frames).sum();
        long gaps = sessions.stream().mapToLong(LoadSession::gaps).sum();
        long missing = sessions.stream().mapToLong(LoadSession::missing).sum();
        long outOfOrder = sessions.stream().mapToLong(LoadSession::outOfOrder).sum();

        List<String> endedEarly = sessions.stream().map(LoadSession::endedEarly).filter(e -> e != null).toList();
        if (!endedEarly.isEmpty()) {
            notes.add(endedEarly.size() + " answered call(s) ended before HANGUP: " + LoadCalls.count(endedEarly));
        }
        List<LoadSession> up = sessions.stream().filter(LoadSession::up).toList();
        CountDownLatch ended = new CountDownLatch(up.size());
        long firstHangup = System.nanoTime();
        LoadCalls.paced(up, TEARDOWN_PER_SECOND, s -> s.hangUp(ended));
        ended.await(END_WAIT.toSeconds(), TimeUnit.SECONDS);
        int endedCount = (int) (up.size() - ended.getCount());
        long lastEnd = up.stream().mapToLong(LoadSession::endedNanos).max().orElse(firstHangup);
        long lastHangup = up.stream().mapToLong(LoadSession::hangupSentNanos).max().orElse(firstHangup);
        long[] hangups = up.stream().filter(s -> s.endedNanos() != 0)
                .mapToLong(s -> s.endedNanos() - s.hangupSentNanos()).sorted().toArray();
        notes.add(String.format("tear-down at %d HANGUPs/s offered: the last HANGUP went out %.2f s after the first; "
                + "last HANGUP sent -> last ENDED %.1f ms; per call HANGUP -> ENDED p50 %.1f ms, p99 %.1f ms, max %.1f ms",
                TEARDOWN_PER_SECOND, (lastHangup - firstHangup) / 1e9, (lastEnd - lastHangup) / 1e6,
                percentile(hangups, 0.50), percentile(hangups, 0.99),
                hangups.length == 0 ? Double.NaN : hangups[hangups.length - 1] / 1e6));

        // Sessions still open at SIGTERM make the stopping gateway log rejected close events.
        LoadCalls.closeAll(sessions);
        BenchGateway.terminate(gateway, notes);
        String internal = BenchGateway.internalLatency(gateway.log());
        BenchGateway.CallTotals totals = BenchGateway.callTotals(gateway.log(), 1);
        notes.add("the gateway's per-call summaries (" + totals.calls() + " calls with media): received " + totals.received()
                + ", " + totals.filled() + " lost ones filled");
        notes.add("the gateway's latency reports (every 10 s, the last at stop): " + BenchGateway.internalLatencies(gateway.log()));

        return new Result(calls, answered.size(), setupSeconds, firstSetup, lastSetup, ports.size(),
                sentPackets, received, gaps, missing, outOfOrder,
                percentile(latencies, 0.50), percentile(latencies, 0.99),
                latencies.length == 0 ? Double.NaN : latencies[latencies.length - 1] / 1e6, sent.maxLateNanos() / 1e6,
                up.size(), endedCount, (lastEnd - firstHangup) / 1e9,
                ProcStat.percentOfOneCore(gatewayTicks0, gatewayTicks1, window1 - window0), leadInCpu,
                ProcStat.percentOfOneCore(selfTicks0, selfTicks1, window1 - window0), rss, internal, notes);
    }

    /** Runs {@code action} for each session at {@link #CALLS_PER_SECOND}, on an absolute clock. */
    private static void paced(List<LoadSession> sessions, java.util.function.Consumer<LoadSession> action) {
        LoadCalls.paced(sessions, CALLS_PER_SECOND, action);
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

    /** Polls until the sessions got {@code expected} binary frames or none arrived for a second. */
    private static void awaitFrames(List<LoadSession> sessions, long expected) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long last = -1;
        long lastGrowth = System.nanoTime();
        long now;
        while ((now = sessions.stream().mapToLong(LoadSession::frames).sum()) < expected && System.nanoTime() < deadline
                && System.nanoTime() - lastGrowth < TimeUnit.SECONDS.toNanos(1)) {
            if (now != last) {
                last = now;
                lastGrowth = System.nanoTime();
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
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
}
