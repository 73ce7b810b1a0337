package org.sipgateway.bench;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sipgateway.media.G711Codec;
import org.sipgateway.rtp.RtpPacket;
import org.sipgateway.support.GatewayProcess;
import org.sipgateway.support.ProcStat;
import org.sipgateway.support.RtpSink;
import org.sipgateway.support.Sipp;
import org.sipgateway.support.Tones;
import org.sipgateway.support.WsClient;
import org.slf4j.LoggerFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Streaming both ways (issue 9): the client's own audio as binary frames into a call, the call's
 * audio back as binary frames, measured at the far end's socket and at the clients.
 *
 * <p>Processes, as in {@link MediaLoadBenchmark}: the gateway runs alone in its own JVM
 * ({@link GatewayProcess}, {@link BenchGateway#settings}: silence when idle, RTP logging at INFO);
 * SIPp ({@code uas-answer-media-to-long.xml}) answers with an SDP that sends the call's media to a
 * UDP socket of this JVM, and the WebSocket clients are in this JVM too, so a client's send and a
 * packet's arrival at the far end are read from one clock ({@link System#nanoTime()}). The
 * gateway's 20 ms clock sends silence (mu-law 0xFF) whenever nothing is queued; a packet with
 * any other payload byte is the client's audio (a 1 kHz tone at a quarter of full scale).
 *
 * <ol>
 * <li>{@link #frameAndClearLatency}, one call: (a) a binary frame of 20 ms into an empty queue,
 * {@code bench.trials} times, each sent at a random point of the 20 ms period after a silence
 * packet's arrival: client send to the first audio packet's arrival, and which tick after the
 * send carried it, counted on the grid of silence arrivals (tick 1 is the first whose packet
 * arrives after the send); (b) {@code CLEAR} while 1 s of audio plays, {@code bench.clear-trials}
 * times, sent at a random point of the period: how many audio packets still arrive after the
 * CLEAR, on which tick after it the last one was (on the grid of the audio's own arrivals), and
 * CLEAR to the first silence packet. Both after {@code bench.trial-warmup} untimed trials.</li>
 * <li>{@link #sixtySecondBurst}, one call: {@code bench.burst-seconds} (60) of audio sent as one
 * binary message (1.92 MB in l16-16k, under the 2 MiB {@code gateway.ws.max-message-bytes}),
 * with {@code gateway.media.max-queued-ms} raised past it (default 20 s; xoff/xon likewise):
 * first to last audio packet arrival against (N - 1) x 20 ms, a least-squares fit through all
 * arrivals, and |interval - 20 ms|.</li>
 * <li>{@link #bothWaysUnderLoad}: {@code bench.calls} (300) calls, each streaming
 * {@code bench.format} both ways for a lead-in ({@code bench.leadin}, 3 s) and a window
 * ({@code bench.seconds}, 20 s): the far end ({@link RtpLoadGenerator}) sends 50 PCMU packets/s
 * to every call and counts the audio and silence the calls send it; one thread of this JVM sends
 * every client's 20 ms frames on an absolute clock (the calls spread over 20 slots of 1 ms, two
 * frames at the start so a late wake-up of that thread does not empty the queue). Printed:
 * frames the clients sent against audio packets at the far end, packets the far end sent against
 * what the gateway received (its per-call "RTP closed" summaries, with the lost ones it filled)
 * and the binary frames the clients got, the silence packets of the window (ticks that found a
 * queue empty), gateway CPU over the window (/proc/&lt;pid&gt;/stat) per call, and the
 * gateway's own RTP arrival -> WebSocket write histogram, which records binary frames too.</li>
 * </ol>
 * Prints figures; asserts only that calls were answered and audio arrived. Run:
 * {@code mvn -B test -Pbench -Dtest=StreamingBenchmark}, one part with
 * {@code -Dtest=StreamingBenchmark#bothWaysUnderLoad}; options {@code -Dbench.format=l16-16k|l16|pcmu}
 * {@code -Dbench.trials=500 -Dbench.clear-trials=300 -Dbench.trial-warmup=20 -Dbench.burst-seconds=60}
 * {@code -Dbench.calls=300 -Dbench.seconds=20 -Dbench.leadin=3 -Dbench.warmup=20 -Dbench.cps=200}.
 */
@Tag("benchmark")
class StreamingBenchmark {

    private static final String FORMAT = System.getProperty("bench.format", "l16-16k");
    private static final int TRIALS = Integer.getInteger("bench.trials", 500);
    private static final int CLEAR_TRIALS = Integer.getInteger("bench.clear-trials", 300);
    private static final int TRIAL_WARMUP = Integer.getInteger("bench.trial-warmup", 20);
    private static final int BURST_SECONDS = Integer.getInteger("bench.burst-seconds", 60);
    private static final int CALLS = Integer.getInteger("bench.calls", 300);
    private static final int SECONDS = Integer.getInteger("bench.seconds", 20);
    private static final int LEAD_IN_SECONDS = Integer.getInteger("bench.leadin", 3);
    private static final int WARMUP = Integer.getInteger("bench.warmup", 20);
    private static final int CALLS_PER_SECOND = Integer.getInteger("bench.cps", 200);

    private static final long PERIOD = RtpLoadGenerator.PERIOD_NANOS;
    private static final int SLOTS = 20;
    private static final int PRE_ROLL_FRAMES = 2;
    private static final int GRID_PACKETS = 3;
    private static final byte MU_LAW_SILENCE = G711Codec.PCMU.silence();
    private static final Duration GATEWAY_START = Duration.ofSeconds(60);
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int SOCKET_BUFFER = 4 * 1024 * 1024;

    static {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
    }

    private final Random random = new Random(9);

    // ---- 1. frame -> first packet, CLEAR -> last packet ------------------------------------------

    @Test
    void frameAndClearLatency() throws Exception {
        try (OneCall call = OneCall.start(Map.of())) {
            byte[] frame = audio(20);
            byte[] second = audio(1000);
            for (int i = 0; i < TRIAL_WARMUP; i++) {
                frameTrial(call, frame);
                clearTrial(call, second);
            }
            List<FrameTrial> frames = new ArrayList<>();
            for (int i = 0; i < TRIALS; i++) {
                frames.add(frameTrial(call, frame));
            }
            List<ClearTrial> clears = new ArrayList<>();
            for (int i = 0; i < CLEAR_TRIALS; i++) {
                clears.add(clearTrial(call, second));
            }
            call.hangUp();
            reportFrames(frames);
            reportClears(clears);
            call.notes.forEach(n -> System.out.println("BENCHMARK streaming latency, note: " + n));
            assertTrue(frames.stream().anyMatch(t -> t.latencyNanos >= 0), "no audio packet arrived at the far end");
        }
    }

    /** What one frame into an empty queue did; latency -1 when no audio arrived. */
    record FrameTrial(long latencyNanos, int tick, long afterGridNanos, int silenceBetween, long slackNanos) {
    }

    private FrameTrial frameTrial(OneCall call, byte[] frame) throws InterruptedException {
        RtpSink sink = call.sink;
        sink.clear();
        // The queue is empty: the last trial's audio has been followed by silence.
        long origin = gridOrigin(sink);
        long a0 = origin + ((System.nanoTime() - origin) / PERIOD + 1) * PERIOD;
        sleepUntil(a0 + (long) (random.nextDouble() * PERIOD));
        long sentAt = System.nanoTime();
        call.client.sendBinary(frame);
        RtpSink.Received first = awaitFirst(sink, r -> isAudio(r) && r.arrivalNanos() > sentAt, WAIT);
        if (first == null) {
            return new FrameTrial(-1, -1, 0, 0, 0);
        }
        long arrival = first.arrivalNanos();
        awaitFirst(sink, r -> !isAudio(r) && r.arrivalNanos() > arrival, WAIT);
        // Silence packets arrive on the gateway's tick grid; tick 1 is the first one whose packet arrives after the send.
        long firstGrid = a0 + ((sentAt - a0) / PERIOD + 1) * PERIOD;
        int tick = (int) Math.round((arrival - firstGrid) / (double) PERIOD) + 1;
        long afterGrid = arrival - (firstGrid + (tick - 1) * PERIOD);
        int silenceBetween = (int) sink.received().stream()
                .filter(r -> !isAudio(r) && r.arrivalNanos() > sentAt && r.arrivalNanos() < arrival).count();
        return new FrameTrial(arrival - sentAt, tick, afterGrid, silenceBetween, firstGrid - sentAt);
    }

    /**
     * Where the gateway's 20 ms grid is, as the arrival time of a silence packet on it: of
     * {@link #GRID_PACKETS} consecutive ones, each moved on to the last one's tick (+ 20 ms per
     * packet between), the earliest. A packet is only ever late (a late tick, loopback, the sink's
     * thread), so the earliest is the closest to the grid.
     */
    private static long gridOrigin(RtpSink sink) {
        awaitCount(sink, r -> !isAudio(r), GRID_PACKETS, WAIT);
        List<RtpSink.Received> silence = sink.received().stream().filter(r -> !isAudio(r)).toList();
        long last = silence.get(silence.size() - 1).arrivalNanos();
        long origin = last;
        for (int i = 0; i < silence.size(); i++) {
            origin = Math.min(origin, silence.get(i).arrivalNanos() + (silence.size() - 1 - i) * PERIOD);
        }
        return origin;
    }

    /** What one CLEAR during playback did: audio packets after it, the tick of the last, CLEAR to the first silence. */
    record ClearTrial(boolean ok, int audioAfter, int lastAudioTick, long toLastAudioNanos, long toSilenceNanos) {
    }

    private ClearTrial clearTrial(OneCall call, byte[] second) throws InterruptedException {
        RtpSink sink = call.sink;
        sink.clear();
        awaitFirst(sink, r -> !isAudio(r), WAIT);
        call.client.sendBinary(second);
        RtpSink.Received first = awaitFirst(sink, StreamingBenchmark::isAudio, WAIT);
        if (first == null) {
            return new ClearTrial(false, 0, 0, 0, 0);
        }
        long a1 = first.arrivalNanos();
        sleepUntil(a1 + 3 * PERIOD + (long) (random.nextDouble() * PERIOD));
        long clearedAt = System.nanoTime();
        call.client.send("CLEAR");
        Predicate<RtpSink.Received> silenceAfter = r -> !isAudio(r) && r.arrivalNanos() > clearedAt;
        if (awaitCount(sink, silenceAfter, 3, WAIT) < 3) {
            return new ClearTrial(false, 0, 0, 0, 0);
        }
        List<RtpSink.Received> all = sink.received();
        List<RtpSink.Received> audioAfter = all.stream().filter(r -> isAudio(r) && r.arrivalNanos() > clearedAt).toList();
        long firstSilence = all.stream().filter(silenceAfter).mapToLong(RtpSink.Received::arrivalNanos).min().orElseThrow();
        // The audio's own arrivals before the CLEAR are the tick grid (the earliest of them taken back to
        // the first, as in gridOrigin); tick 1 is the first one whose packet arrives after the CLEAR.
        List<RtpSink.Received> before = all.stream().filter(r -> isAudio(r) && r.arrivalNanos() <= clearedAt).toList();
        long origin = a1;
        for (int i = 0; i < before.size(); i++) {
            origin = Math.min(origin, before.get(i).arrivalNanos() - i * PERIOD);
        }
        long firstGrid = origin + ((clearedAt - origin) / PERIOD + 1) * PERIOD;
        int lastTick = 0;
        long toLast = -1;
        for (RtpSink.Received r : audioAfter) {
            lastTick = Math.max(lastTick, (int) Math.round((r.arrivalNanos() - firstGrid) / (double) PERIOD) + 1);
            toLast = Math.max(toLast, r.arrivalNanos() - clearedAt);
        }
        return new ClearTrial(true, audioAfter.size(), lastTick, toLast, firstSilence - clearedAt);
    }

    private static void reportFrames(List<FrameTrial> trials) {
        List<FrameTrial> arrived = trials.stream().filter(t -> t.latencyNanos >= 0).toList();
        long[] latency = arrived.stream().mapToLong(FrameTrial::latencyNanos).toArray();
        long[] afterGrid = arrived.stream().filter(t -> t.tick == 1).mapToLong(FrameTrial::afterGridNanos).toArray();
        // Slack: from the send to tick 1's grid point. The shortest that tick 1 still made and the
        // longest that it missed bracket the time from the client's send to the frame being queued.
        long madeWith = arrived.stream().filter(t -> t.tick == 1).mapToLong(FrameTrial::slackNanos).min().orElse(-1);
        long missedWith = arrived.stream().filter(t -> t.tick == 2).mapToLong(FrameTrial::slackNanos).max().orElse(-1);
        System.out.printf("BENCHMARK streaming, binary frame (20 ms %s) into an empty queue -> its first RTP packet at the "
                + "far end, %d trials (%d without audio): client send -> arrival %s; carried by tick 1 after the send: %d, "
                + "tick 2: %d, later: %d (tick 1 made with a slack of %.3f ms at least, missed with %.3f ms at most); "
                + "arrival after its tick's grid point (tick 1 trials) %s; max silence packets between send and audio %d%n",
                FORMAT, trials.size(), trials.size() - arrived.size(), distribution(latency),
                arrived.stream().filter(t -> t.tick <= 1).count(), arrived.stream().filter(t -> t.tick == 2).count(),
                arrived.stream().filter(t -> t.tick > 2).count(), madeWith / 1e6, missedWith / 1e6, distribution(afterGrid),
                arrived.stream().mapToInt(FrameTrial::silenceBetween).max().orElse(0));
        List<String> worst = arrived.stream().sorted(java.util.Comparator.comparingLong(FrameTrial::latencyNanos).reversed())
                .limit(5).map(t -> String.format("%.1f ms (tick %d, slack %.1f ms)", t.latencyNanos / 1e6, t.tick, t.slackNanos / 1e6))
                .toList();
        System.out.println("BENCHMARK streaming, binary frame -> first RTP packet, the 5 slowest: " + worst);
    }

    private static void reportClears(List<ClearTrial> trials) {
        List<ClearTrial> ok = trials.stream().filter(ClearTrial::ok).toList();
        long[] toSilence = ok.stream().mapToLong(ClearTrial::toSilenceNanos).toArray();
        long[] toLast = ok.stream().filter(t -> t.audioAfter > 0).mapToLong(ClearTrial::toLastAudioNanos).toArray();
        System.out.printf("BENCHMARK streaming, CLEAR during 1 s of %s -> no further audio, %d trials (%d incomplete): "
                + "audio packets arriving after the CLEAR: none %d, one %d, two %d, more %d; the last of them on tick 1 after "
                + "the CLEAR %d, tick 2 %d, later %d; CLEAR -> last audio packet (when one came) %s; "
                + "CLEAR -> first silence packet %s%n",
                FORMAT, trials.size(), trials.size() - ok.size(),
                ok.stream().filter(t -> t.audioAfter == 0).count(), ok.stream().filter(t -> t.audioAfter == 1).count(),
                ok.stream().filter(t -> t.audioAfter == 2).count(), ok.stream().filter(t -> t.audioAfter > 2).count(),
                ok.stream().filter(t -> t.audioAfter > 0 && t.lastAudioTick <= 1).count(),
                ok.stream().filter(t -> t.lastAudioTick == 2).count(), ok.stream().filter(t -> t.lastAudioTick > 2).count(),
                distribution(toLast), distribution(toSilence));
    }

    // ---- 2. a 60 s stream sent at once --------------------------------------------------------------

    @Test
    void sixtySecondBurst() throws Exception {
        int millis = BURST_SECONDS * 1000;
        // The hard limit (20 s by default) would refuse the whole message: raise it, and the marks with it.
        Map<String, String> limits = Map.of("gateway.media.max-queued-ms", Integer.toString(millis + 5000),
                "gateway.media.xoff-ms", Integer.toString(millis + 4000),
                "gateway.media.xon-ms", Integer.toString(millis + 3000));
        try (OneCall call = OneCall.start(limits)) {
            byte[] stream = audio(millis);
            int expected = millis / 20;
            RtpSink sink = call.sink;
            sink.clear();
            awaitFirst(sink, r -> !isAudio(r), WAIT);
            long sentAt = System.nanoTime();
            call.client.sendBinary(stream);
            long sendReturned = System.nanoTime();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BURST_SECONDS + 30);
            List<RtpSink.Received> audio;
            do {
                Thread.sleep(200);
                audio = sink.received().stream().filter(StreamingBenchmark::isAudio).toList();
            } while ((audio.size() < expected || !silenceAfterLast(sink, audio)) && System.nanoTime() < deadline
                    && !(audio.size() > 0 && System.nanoTime() - audio.get(audio.size() - 1).arrivalNanos() > TimeUnit.SECONDS.toNanos(2)));
            List<String> texts = call.client.drain();
            List<RtpSink.Received> all = sink.received();
            call.hangUp();
            reportBurst(audio, all, expected, sentAt, sendReturned, stream.length, texts);
            call.notes.forEach(n -> System.out.println("BENCHMARK streaming burst, note: " + n));
            assertTrue(audio.size() > 1, "no audio packets arrived at the far end");
        }
    }

    private static boolean silenceAfterLast(RtpSink sink, List<RtpSink.Received> audio) {
        if (audio.isEmpty()) {
            return false;
        }
        long last = audio.get(audio.size() - 1).arrivalNanos();
        return sink.received().stream().anyMatch(r -> !isAudio(r) && r.arrivalNanos() > last);
    }

    private static void reportBurst(List<RtpSink.Received> audio, List<RtpSink.Received> all, int expected, long sentAt,
            long sendReturned, int bytes, List<String> texts) {
        int n = audio.size();
        if (n < 2) {
            System.out.printf("BENCHMARK streaming, %d s burst: only %d audio packets arrived (expected %d)%n", BURST_SECONDS, n, expected);
            return;
        }
        long first = audio.get(0).arrivalNanos();
        long last = audio.get(n - 1).arrivalNanos();
        long span = last - first;
        double deviationMs = (span - (long) (expected - 1) * PERIOD) / 1e6;
        long[] deviation = new long[n - 1];
        for (int i = 1; i < n; i++) {
            deviation[i - 1] = Math.abs(audio.get(i).arrivalNanos() - audio.get(i - 1).arrivalNanos() - PERIOD);
        }
        long over2 = Arrays.stream(deviation).filter(d -> d > 2_000_000).count();
        long silenceInside = all.stream().filter(r -> !isAudio(r) && r.arrivalNanos() > first && r.arrivalNanos() < last).count();
        int gaps = 0;
        for (int i = 1; i < n; i++) {
            if (((audio.get(i).packet().sequenceNumber() - audio.get(i - 1).packet().sequenceNumber()) & 0xFFFF) != 1) {
                gaps++;
            }
        }
        System.out.printf("BENCHMARK streaming, %d s of %s sent as one %d-byte binary message (send took %.1f ms): audio packets "
                + "at the far end %d (expected %d), send -> first audio %.2f ms, first -> last audio arrival %.3f ms, "
                + "deviation from %d x 20 ms = %.3f s: %+.3f ms (from %d s: %+.3f ms), fitted drift %+.3f ms, "
                + "|interval - 20 ms| %s, intervals off by > 2 ms: %d, silence packets between first and last audio: %d, "
                + "sequence breaks: %d, text messages during the play: %s%n",
                BURST_SECONDS, FORMAT, bytes, (sendReturned - sentAt) / 1e6, n, expected, (first - sentAt) / 1e6, span / 1e6,
                expected - 1, (expected - 1) * 0.02, deviationMs, BURST_SECONDS, (span + PERIOD - BURST_SECONDS * 1e9) / 1e6,
                RtpSink.fittedDriftMs(audio, PERIOD), distribution(deviation), over2, silenceInside, gaps, texts.isEmpty() ? "none" : texts);
    }

    // ---- 3. N calls streaming both ways -------------------------------------------------------------

    @Test
    void bothWaysUnderLoad() throws Exception {
        System.out.printf("BENCHMARK streaming both ways: %d calls, %s both ways, %d s lead-in + %d s window, warm-up %d calls, "
                + "%d calls/s offered, CLK_TCK %d%n", CALLS, FORMAT, LEAD_IN_SECONDS, SECONDS, WARMUP, CALLS_PER_SECOND,
                ProcStat.CLOCK_TICKS_PER_SECOND);
        List<String> notes = new ArrayList<>();
        Path work = Files.createTempDirectory("streaming-");
        try (RtpLoadGenerator farEnd = new RtpLoadGenerator(SOCKET_BUFFER);
                Sipp sipp = Sipp.uas("uas-answer-media-to-long.xml", WARMUP + CALLS,
                        "-set", "rtp_port", Integer.toString(farEnd.port()), "-set", "rtp_pt", "0",
                        "-set", "rtp_codec", "PCMU", "-timeout", "900s", "-l", Integer.toString(WARMUP + CALLS + 100));
                GatewayProcess gateway = GatewayProcess.start(BenchGateway.settings(sipp, work), GATEWAY_START);
                LoadWsClients clients = new LoadWsClients(gateway.wsPort(), 2)) {
            notes.add("far-end socket: " + farEnd.buffers());
            if (WARMUP > 0) {
                LoadCalls.warmUp(clients, WARMUP, CALLS_PER_SECOND, notes);
            }
            List<LoadSession> sessions = clients.connect(CALLS, LoadCalls.CONNECT_WAIT);
            try {
                bothWays(sessions, farEnd, gateway, notes);
            } finally {
                LoadCalls.closeAll(sessions);
            }
        } finally {
            BenchGateway.delete(work);
        }
    }

    private void bothWays(List<LoadSession> sessions, RtpLoadGenerator farEnd, GatewayProcess gateway, List<String> notes)
            throws Exception {
        sessions.forEach(s -> s.audioFormat(FORMAT));
        CountDownLatch settled = new CountDownLatch(sessions.size());
        long firstCall = System.nanoTime();
        LoadCalls.paced(sessions, CALLS_PER_SECOND, s -> s.call(LoadCalls.TARGET, settled));
        settled.await(LoadCalls.ANSWER_WAIT.toSeconds(), TimeUnit.SECONDS);
        List<LoadSession> answered = sessions.stream().filter(LoadSession::answered).toList();
        LoadCalls.summarizeFailures(sessions, notes);
        double setupSeconds = (answered.stream().mapToLong(LoadSession::answeredNanos).max().orElse(firstCall) - firstCall) / 1e9;

        farEnd.drain();
        List<InetSocketAddress> ports = farEnd.learnPorts(answered.size(), Duration.ofSeconds(20));
        if (ports.size() < answered.size()) {
            notes.add("only " + ports.size() + " of " + answered.size() + " answered calls sent RTP to the far end");
        }
        RtpLoadGenerator.Arrivals arrivals = farEnd.startCounting(ports);

        int leadInTicks = LEAD_IN_SECONDS * 50;
        int ticks = SECONDS * 50;
        ClientStreams streams = new ClientStreams(answered, audio(20), leadInTicks + ticks);
        streams.start();
        long self = ProcessHandle.current().pid();
        long leadInCpu0 = ProcStat.cpuTicks(gateway.pid());
        long leadIn0 = System.nanoTime();
        RtpLoadGenerator.Sent leadIn = farEnd.send(ports, 0, leadInTicks, SLOTS);
        long silence0 = arrivals.silence.get();
        Map<String, long[]> threads0 = ProcStat.threadTicks(gateway.pid());
        long gateway0 = ProcStat.cpuTicks(gateway.pid());
        long self0 = ProcStat.cpuTicks(self);
        long window0 = System.nanoTime();
        RtpLoadGenerator.Sent window = farEnd.send(ports, leadInTicks, ticks, SLOTS);
        long window1 = System.nanoTime();
        long gateway1 = ProcStat.cpuTicks(gateway.pid());
        long self1 = ProcStat.cpuTicks(self);
        Map<String, long[]> threads1 = ProcStat.threadTicks(gateway.pid());
        long silence1 = arrivals.silence.get();
        long rss = ProcStat.rssKib(gateway.pid());
        streams.join();

        long farEndSent = leadIn.packets() + window.packets();
        long clientsSent = answered.stream().mapToLong(LoadSession::framesSent).sum();
        awaitSettled(() -> arrivals.audio.get(), clientsSent);
        awaitSettled(() -> answered.stream().mapToLong(LoadSession::frames).sum(), farEndSent);
        long audioAtFarEnd = arrivals.audio.get();
        long framesAtClients = answered.stream().mapToLong(LoadSession::frames).sum();
        long[] perCall = new long[ports.size()];
        for (int i = 0; i < perCall.length; i++) {
            perCall[i] = arrivals.audioPerCall.get(i);
        }
        Arrays.sort(perCall);
        long perSession = answered.isEmpty() ? 0 : answered.get(0).framesSent();

        List<LoadSession> up = answered.stream().filter(LoadSession::up).toList();
        if (up.size() < answered.size()) {
            notes.add((answered.size() - up.size()) + " answered call(s) ended before HANGUP");
        }
        CountDownLatch ended = new CountDownLatch(up.size());
        LoadCalls.paced(up, CALLS_PER_SECOND, s -> s.hangUp(ended));
        ended.await(LoadCalls.END_WAIT.toSeconds(), TimeUnit.SECONDS);
        LoadCalls.closeAll(sessions);
        BenchGateway.terminate(gateway, notes);
        String log = gateway.log();
        BenchGateway.CallTotals totals = BenchGateway.callTotals(log, 1);
        if (arrivals.unknownSource.get() > 0) {
            notes.add(arrivals.unknownSource.get() + " packets at the far end from a port not learnt");
        }

        double gatewayCpu = ProcStat.percentOfOneCore(gateway0, gateway1, window1 - window0);
        System.out.printf("BENCHMARK streaming both ways, %d calls (%d answered, set-up %.2f s, %d with media), %s:%n",
                sessions.size(), answered.size(), setupSeconds, ports.size(), FORMAT);
        System.out.printf("  client -> far end: frames sent by the clients %d (%d per call, %d of them pre-roll), audio packets "
                + "at the far end %d, not played by the end (lost, or still queued when arrivals stopped) %s; MEDIA_XOFF %d, "
                + "ERROR:limit %d; per call at the far end min %d max %d; silence packets in the %d s window "
                + "(a tick that found the queue empty) %d; the clients' sender fell behind its clock by at most %.2f ms%n",
                clientsSent, perSession, PRE_ROLL_FRAMES, audioAtFarEnd, percent(clientsSent, audioAtFarEnd),
                answered.stream().mapToLong(LoadSession::xoffs).sum(), answered.stream().mapToLong(LoadSession::refusals).sum(),
                perCall.length == 0 ? 0 : perCall[0], perCall.length == 0 ? 0 : perCall[perCall.length - 1], SECONDS,
                silence1 - silence0, streams.maxLateNanos.get() / 1e6);
        System.out.printf("  far end -> client: packets sent by the far end %d, received by the gateway %d (loss %s; %d lost "
                + "ones filled with silence), binary frames at the clients %d (loss far end -> client %s)%n",
                farEndSent, totals.received(), percent(farEndSent, totals.received()), totals.filled(), framesAtClients,
                percent(farEndSent, framesAtClients));
        System.out.printf("  gateway CPU in the window %.1f %% of one core = %.3f %% per call (lead-in %.1f %%), RSS %d MiB; "
                + "benchmark JVM (clients and far end) %.1f %%; far end's sender late at most %.2f ms%n",
                gatewayCpu, gatewayCpu / Math.max(1, ports.size()),
                ProcStat.percentOfOneCore(leadInCpu0, gateway0, window0 - leadIn0), rss / 1024,
                ProcStat.percentOfOneCore(self0, self1, window1 - window0), window.maxLateNanos() / 1e6);
        System.out.printf("  gateway CPU in the window by thread (%% of one core, user + system): %s%n",
                byThread(threads0, threads1, window1 - window0));
        System.out.printf("  gateway-internal RTP arrival -> WebSocket write (binary frames), its reports every 10 s and at stop: %s%n",
                BenchGateway.internalLatencies(log));
        notes.forEach(n -> System.out.println("BENCHMARK streaming both ways, note: " + n));
        assertTrue(audioAtFarEnd > 0, "no client audio reached the far end");
        assertTrue(framesAtClients > 0, "no binary frame reached a client");
    }

    /**
     * Every client's audio, one 20 ms frame per call per tick on an absolute clock, from one
     * thread; the calls spread over {@link #SLOTS} slots of the period, and {@link #PRE_ROLL_FRAMES}
     * frames at the first tick.
     */
    private static final class ClientStreams {

        private final List<LoadSession> sessions;
        private final List<Buffer> frames = new ArrayList<>();
        private final int ticks;
        final AtomicLong maxLateNanos = new AtomicLong();
        private final Thread thread;

        ClientStreams(List<LoadSession> sessions, byte[] frame, int ticks) {
            this.sessions = sessions;
            this.ticks = ticks;
            sessions.forEach(s -> frames.add(Buffer.buffer(frame)));
            thread = new Thread(this::run, "client-streams");
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        void join() throws InterruptedException {
            thread.join();
        }

        private void run() {
            int n = sessions.size();
            int groups = Math.max(1, Math.min(SLOTS, n));
            long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
            long maxLate = 0;
            for (int t = 0; t < ticks; t++) {
                for (int g = 0; g < groups; g++) {
                    long due = start + t * PERIOD + g * PERIOD / groups;
                    long wait;
                    while ((wait = due - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    maxLate = Math.max(maxLate, -wait);
                    for (int i = g * n / groups; i < (g + 1) * n / groups; i++) {
                        for (int k = t == 0 ? PRE_ROLL_FRAMES : 1; k > 0; k--) {
                            sessions.get(i).sendAudio(frames.get(i));
                        }
                    }
                }
            }
            maxLateNanos.set(maxLate);
        }
    }

    /** The thread groups that used at least 1 % of a core between the readings, busiest first. */
    private static String byThread(Map<String, long[]> before, Map<String, long[]> after, long nanos) {
        List<String> out = new ArrayList<>();
        after.entrySet().stream().map(e -> {
            long[] b = before.getOrDefault(e.getKey(), new long[2]);
            return Map.entry(e.getKey(), new double[] {ProcStat.percentOfOneCore(b[0], e.getValue()[0], nanos),
                    ProcStat.percentOfOneCore(b[1], e.getValue()[1], nanos)});
        }).filter(e -> e.getValue()[0] + e.getValue()[1] >= 1)
                .sorted((x, y) -> Double.compare(y.getValue()[0] + y.getValue()[1], x.getValue()[0] + x.getValue()[1]))
                .forEach(e -> out.add(String.format("%s %.1f + %.1f", e.getKey(), e.getValue()[0], e.getValue()[1])));
        return String.join(", ", out);
    }

    /** Polls until {@code count} reaches {@code expected} or stops growing for a second (10 s at most). */
    private static void awaitSettled(java.util.function.LongSupplier count, long expected) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long last = -1;
        long lastGrowth = System.nanoTime();
        long now;
        while ((now = count.getAsLong()) < expected && System.nanoTime() < deadline
                && System.nanoTime() - lastGrowth < TimeUnit.SECONDS.toNanos(1)) {
            if (now != last) {
                last = now;
                lastGrowth = System.nanoTime();
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    // ---- one call to a far-end sink -------------------------------------------------------------------

    /** A gateway process with one call, answered by SIPp, whose media goes to {@link #sink}; the client uses {@link #FORMAT}. */
    private static final class OneCall implements AutoCloseable {

        final RtpSink sink = new RtpSink();
        final List<String> notes = new ArrayList<>();
        private final Path work;
        private Sipp sipp;
        private GatewayProcess gateway;
        WsClient client;

        private OneCall(Path work) {
            this.work = work;
        }

        static OneCall start(Map<String, String> extraSettings) throws Exception {
            OneCall call = new OneCall(Files.createTempDirectory("streaming-"));
            try {
                call.sipp = Sipp.uas("uas-answer-media-to-long.xml", 1, "-set", "rtp_port", Integer.toString(call.sink.port()),
                        "-set", "rtp_pt", "0", "-set", "rtp_codec", "PCMU", "-timeout", "900s");
                Map<String, String> settings = BenchGateway.settings(call.sipp, call.work);
                settings.putAll(extraSettings);
                call.gateway = GatewayProcess.start(settings, GATEWAY_START);
                call.client = WsClient.connect(call.gateway.wsPort(), "sip-audio-protocol");
                call.client.send("AUDIO_FORMAT:" + FORMAT);
                assertEquals("AUDIO_FORMAT:" + FORMAT, call.client.nextStartingWith("AUDIO_FORMAT", WAIT));
                call.client.send("CALL:" + LoadCalls.TARGET);
                call.client.nextStartingWith("CALL_STATE:ANSWERED", WAIT);
                // The call's silence reaches the far end: its clock runs.
                call.sink.await(5, WAIT);
                return call;
            } catch (Exception | AssertionError e) {
                call.close();
                throw e;
            }
        }

        void hangUp() throws InterruptedException {
            client.send("HANGUP");
            client.nextStartingWith("CALL_STATE:ENDED", WAIT);
        }

        @Override
        public void close() throws Exception {
            try {
                if (client != null) {
                    client.close();
                }
                if (gateway != null) {
                    BenchGateway.terminate(gateway, notes);
                    gateway.close();
                }
            } finally {
                if (sipp != null) {
                    sipp.close();
                }
                sink.close();
                BenchGateway.delete(work);
            }
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    /** {@code millis} of a 1 kHz tone at a quarter of full scale in {@link #FORMAT}; 20 ms is 20 whole cycles, so frames join seamlessly. */
    static byte[] audio(int millis) {
        return switch (FORMAT) {
            case "l16-16k" -> {
                short[] samples = Tones.sine(1000, 16000, 16 * millis, 8000);
                yield Tones.littleEndian(samples, 0, samples.length);
            }
            case "l16" -> {
                short[] samples = Tones.sine(1000, 8000, 8 * millis, 8000);
                yield Tones.littleEndian(samples, 0, samples.length);
            }
            case "pcmu", "pcma" -> {
                G711Codec codec = FORMAT.equals("pcmu") ? G711Codec.PCMU : G711Codec.PCMA;
                short[] samples = Tones.sine(1000, 8000, 8 * millis, 8000);
                byte[] out = new byte[samples.length];
                for (int i = 0; i < samples.length; i++) {
                    out[i] = codec.encode(samples[i]);
                }
                yield out;
            }
            default -> throw new IllegalArgumentException("bench.format: l16-16k, l16, pcmu or pcma, not " + FORMAT);
        };
    }

    /** A packet whose payload is not all mu-law silence: the client's audio, not the gateway's silence when idle. */
    static boolean isAudio(RtpSink.Received received) {
        RtpPacket packet = received.packet();
        byte[] data = packet.buffer();
        for (int i = packet.payloadOffset(); i < packet.payloadOffset() + packet.payloadLength(); i++) {
            if (data[i] != MU_LAW_SILENCE) {
                return true;
            }
        }
        return false;
    }

    /** The first packet received since the sink's last clear that matches; null after {@code wait}. */
    private static RtpSink.Received awaitFirst(RtpSink sink, Predicate<RtpSink.Received> match, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        do {
            for (RtpSink.Received r : sink.received()) {
                if (match.test(r)) {
                    return r;
                }
            }
            LockSupport.parkNanos(200_000);
        } while (System.nanoTime() < deadline);
        return null;
    }

    /** Waits until {@code count} matching packets were received (or {@code wait} is over); returns how many. */
    private static int awaitCount(RtpSink sink, Predicate<RtpSink.Received> match, int count, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        int seen;
        while ((seen = (int) sink.received().stream().filter(match).count()) < count && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000);
        }
        return seen;
    }

    private static void sleepUntil(long deadline) {
        long wait;
        while ((wait = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    /** "p50 .. ms, p99 .. ms, max .. ms" of nanosecond values. */
    private static String distribution(long[] nanos) {
        if (nanos.length == 0) {
            return "(none)";
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format("p50 %.3f ms, p99 %.3f ms, max %.3f ms", quantile(sorted, 0.5) / 1e6, quantile(sorted, 0.99) / 1e6,
                sorted[sorted.length - 1] / 1e6);
    }

    private static long quantile(long[] sorted, double q) {
        return sorted[Math.max(0, (int) Math.ceil(sorted.length * q) - 1)];
    }

    private static String percent(long sent, long received) {
        return sent == 0 ? "n/a" : String.format("%.3f %%", 100.0 * (sent - received) / sent);
    }
}
