package org.sipgateway.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sipgateway.rtp.PacingClock;
import org.sipgateway.support.RtpSink;
import org.sipgateway.support.SipTestSupport;
import org.sipgateway.support.StampedRtpSink;
import org.sipgateway.support.Wavs;
import org.sipgateway.support.WsClient;
import org.slf4j.LoggerFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Outbound pacing of PLAY_WAV: a 60 s file (8 kHz 16-bit mono tone, 3000 packets of 20 ms) is
 * played into one call whose far end's RTP goes to a UDP socket of the test, and the times of the
 * packets are compared with the ideal 20 ms grid:
 * <ul>
 * <li>total duration error: (last - first) - (N - 1) x 20 ms, i.e. the drift over the file, and the
 * same drift from a least-squares line through all times (one late first or last packet moves the
 * former by its lateness, hardly the latter);</li>
 * <li>mean, p99 and max of |interval - 20 ms| between consecutive packets (jitter).</li>
 * </ul>
 * Each round plays the file three times in the same call: with the machine otherwise idle, with
 * one thread spinning (on this 2-core machine: the other core busy), and with two spinning threads
 * (both cores busy, so the gateway competes for CPU). As a control, each play runs alongside a
 * reference stream: a thread of the test pacing 3000 datagrams with the same absolute clock
 * ({@link PacingClock}) to a second socket, printed as REFERENCE; what the gateway adds is the
 * difference.
 * <p>
 * Two times are kept per packet ({@link StampedRtpSink}): when the kernel queued it on the far
 * end's socket, which on loopback is taken in the sender's own send call, and when the far end's
 * reading thread got it, which adds this test's wake-up delay. The first measures the sender's
 * pacing and is the one the comparison is made on; both are printed. One 60 s play's p99 moves by
 * 2x or more between plays on this machine, so the figures of all rounds are pooled per load
 * level (-Dbench.pacing.rounds, default 3) and the pooled p99s are compared. The clock's time
 * slice is the gateway's default unless -Dbench.pacing.slice-us sets gateway.rtp.clock-slice-us
 * (0: the kernel's slice). Prints the figures; asserts nothing about them.
 * Run: mvn -B test -Pbench -Dtest=PacingBenchmark
 */
@Tag("benchmark")
class PacingBenchmark extends SipTestSupport {

    private static final int RATE = 8000;
    private static final int SECONDS = 60;
    private static final int SAMPLES = RATE * SECONDS;
    private static final int PACKETS = SAMPLES / 160;
    private static final long PERIOD_NANOS = 20_000_000L;
    private static final int ROUNDS = Integer.getInteger("bench.pacing.rounds", 3);
    /** gateway.rtp.clock-slice-us for the run: the gateway's default unless set, 0 to compare with the kernel's slice. */
    private static final String SLICE_MICROS = System.getProperty("bench.pacing.slice-us");
    /** The target of issue 8: the gateway's p99 at most this times the reference's, at each level. */
    private static final double TARGET_RATIO = 1.2;
    private static final String[] LEVELS = {"idle machine", "other core busy (1 spinning thread)", "both cores busy (2 spinning threads)"};

    static {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
    }

    private StampedRtpSink sink;

    @Override
    protected String scenario() {
        return "uas-answer-media-to-long.xml";
    }

    @Override
    protected String[] sippArguments() {
        if (sink == null) {
            sink = StampedRtpSink.open();
        }
        return new String[] {"-set", "rtp_port", Integer.toString(sink.port()), "-set", "rtp_pt", "0",
                "-set", "rtp_codec", "PCMU", "-timeout", "3600s"};
    }

    @Override
    protected void sipSettings(Properties properties) {
        properties.setProperty("gateway.rtp.silence-when-idle", "false");
        properties.setProperty("gateway.upload.max-bytes", Integer.toString(2 * 1024 * 1024));
        if (SLICE_MICROS != null) {
            properties.setProperty("gateway.rtp.clock-slice-us", SLICE_MICROS);
        }
    }

    @AfterAll
    void closeSink() {
        if (sink != null) {
            sink.close();
        }
    }

    @Test
    void pacingOfASixtySecondFile() throws Exception {
        byte[] wav = Wavs.tone(RATE, 1000, SAMPLES, 0.5);
        // [level][gateway, reference][kernel, thread]: every round's |interval - 20 ms|, in ms.
        List<List<List<List<Double>>>> pooled = new ArrayList<>();
        for (int level = 0; level < LEVELS.length; level++) {
            pooled.add(List.of(List.of(new ArrayList<>(), new ArrayList<>()), List.of(new ArrayList<>(), new ArrayList<>())));
        }
        try (WsClient client = connect()) {
            client.send("WAV_UPLOAD:minute.wav:" + Wavs.base64(wav));
            String ack = client.next(Duration.ofSeconds(30));
            assertTrue(ack.startsWith("WAV_ACK:stored minute.wav"), ack);
            callAndExpectAnswer(client, "0912345678");

            for (int round = 1; round <= ROUNDS; round++) {
                for (int level = 0; level < LEVELS.length; level++) {
                    sink.clear();
                    Thread[] load = startSpinners(level);
                    try (StampedRtpSink referenceSink = StampedRtpSink.open()) {
                        Thread control = startReference(referenceSink.port());
                        client.send("PLAY_WAV:minute.wav");
                        assertEquals("WAV_ACK:playing minute.wav", client.nextStartingWith("WAV_ACK", CALL_WAIT));
                        assertEquals("PLAY_DONE:minute.wav", client.nextStartingWith("PLAY_DONE", Duration.ofSeconds(SECONDS + 30)));
                        // The last packet leaves at the same tick as PLAY_DONE; give loopback a moment.
                        Thread.sleep(300);
                        control.join(Duration.ofSeconds(SECONDS + 30).toMillis());
                        Thread.sleep(100);
                        String label = "round " + round + ", " + LEVELS[level];
                        List<List<Double>> gateway = pooled.get(level).get(0);
                        List<List<Double>> reference = pooled.get(level).get(1);
                        report(label + ", at the socket", sink.kernelNanos(), gateway.get(0));
                        report(label + ", REFERENCE at the socket", referenceSink.kernelNanos(), reference.get(0));
                        report(label + ", read by the thread", sink.threadNanos(), gateway.get(1));
                        report(label + ", REFERENCE read by the thread", referenceSink.threadNanos(), reference.get(1));
                    } finally {
                        stopSpinners(load);
                    }
                }
            }

            client.send("HANGUP");
            assertEquals("CALL_STATE:ENDED:local-bye", client.nextStartingWith("CALL_STATE", CALL_WAIT));
        }
        assertSippSucceeded();
        for (int level = 0; level < LEVELS.length; level++) {
            summarize(LEVELS[level], pooled.get(level));
        }
    }

    /** Prints one play's figures and adds its |interval - 20 ms| values to {@code pool}. */
    private static void report(String label, long[] times, List<Double> pool) {
        int n = times.length;
        if (n < 2 || times[0] == 0) {
            System.out.printf("BENCHMARK pacing, 60 s WAV, %s: only %d packets with times (expected %d)%n", label, n, PACKETS);
            return;
        }
        double driftMs = ((times[n - 1] - times[0]) - (n - 1) * PERIOD_NANOS) / 1e6;
        double[] deviation = new double[n - 1];
        double sum = 0;
        for (int i = 1; i < n; i++) {
            deviation[i - 1] = Math.abs(times[i] - times[i - 1] - PERIOD_NANOS) / 1e6;
            sum += deviation[i - 1];
            pool.add(deviation[i - 1]);
        }
        Arrays.sort(deviation);
        long over2 = Arrays.stream(deviation).filter(d -> d > 2).count();
        long over10 = Arrays.stream(deviation).filter(d -> d > 10).count();
        System.out.printf("BENCHMARK pacing, 60 s WAV, %s: packets %d (expected %d), total duration error %+.3f ms (fitted drift %+.3f ms), "
                + "|interval - 20 ms| mean %.3f ms, p99 %.3f ms, max %.3f ms, intervals off by > 2 ms: %d, by > 10 ms: %d%n",
                label, n, PACKETS, driftMs, RtpSink.fittedDriftMs(times, PERIOD_NANOS), sum / deviation.length, percentile(deviation, 0.99),
                deviation[deviation.length - 1], over2, over10);
    }

    /** The pooled p99s of one load level over all rounds, gateway against reference, at the socket and as read. */
    private static void summarize(String level, List<List<List<Double>>> pools) {
        double gatewaySocket = percentile(pools.get(0).get(0), 0.99);
        double referenceSocket = percentile(pools.get(1).get(0), 0.99);
        double gatewayThread = percentile(pools.get(0).get(1), 0.99);
        double referenceThread = percentile(pools.get(1).get(1), 0.99);
        double ratio = gatewaySocket / referenceSocket;
        System.out.printf("BENCHMARK pacing summary, %s, %d round(s), %d intervals each: |interval - 20 ms| p99 at the socket: gateway %.3f ms, "
                + "reference %.3f ms, ratio %.2f (target <= %.1f: %s); as read by the thread: gateway %.3f ms, reference %.3f ms, ratio %.2f%n",
                level, ROUNDS, pools.get(0).get(0).size(), gatewaySocket, referenceSocket, ratio, TARGET_RATIO,
                ratio <= TARGET_RATIO ? "met" : "not met", gatewayThread, referenceThread, gatewayThread / referenceThread);
    }

    private static double percentile(List<Double> values, double q) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        return percentile(values.stream().mapToDouble(Double::doubleValue).sorted().toArray(), q);
    }

    /** {@code sorted} ascending. */
    private static double percentile(double[] sorted, double q) {
        return sorted[(int) Math.ceil(sorted.length * q) - 1];
    }

    /**
     * The control measurement: a thread of the test sends 3000 datagrams on the same absolute
     * 20 ms clock the gateway uses ({@link PacingClock}) to a second sink over loopback. Its
     * figures show what this JVM and machine allow at all (scheduling, GC, loopback), so what the
     * gateway adds on top is the difference.
     */
    private static Thread startReference(int port) {
        Thread t = new Thread(() -> {
            try (java.net.DatagramSocket socket = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
                byte[] packet = new byte[172];
                java.net.InetSocketAddress to = new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port);
                PacingClock clock = new PacingClock(PERIOD_NANOS);
                clock.start();
                for (int n = 1; n <= PACKETS && !Thread.currentThread().isInterrupted(); n++) {
                    PacingClock.sleepUntil(clock.deadlineOf(n));
                    socket.send(new java.net.DatagramPacket(packet, packet.length, to));
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, "bench-reference-pacer");
        t.setDaemon(true);
        t.setPriority(Thread.MAX_PRIORITY);
        t.start();
        return t;
    }

    private static Thread[] startSpinners(int count) {
        Thread[] threads = new Thread[count];
        for (int i = 0; i < count; i++) {
            threads[i] = new Thread(() -> {
                long x = 0;
                while (!Thread.currentThread().isInterrupted()) {
                    x = x * 6364136223846793005L + 1442695040888963407L;
                }
                if (x == 42) {
                    System.out.print("");
                }
            }, "bench-spinner-" + i);
            threads[i].setDaemon(true);
            threads[i].start();
        }
        return threads;
    }

    private static void stopSpinners(Thread[] threads) throws InterruptedException {
        for (Thread t : threads) {
            t.interrupt();
        }
        for (Thread t : threads) {
            t.join(2000);
        }
    }
}
