package org.sipgateway.bench;

import java.time.Duration;
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
import org.sipgateway.support.Wavs;
import org.sipgateway.support.WsClient;
import org.slf4j.LoggerFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Outbound pacing of PLAY_WAV: a 60 s file (8 kHz 16-bit mono tone, 3000 packets of 20 ms) is
 * played into one call whose far end's RTP goes to a UDP socket of the test ({@link RtpSink}),
 * and the arrival times of the packets are compared with the ideal 20 ms grid:
 * <ul>
 * <li>total duration error: (last arrival - first arrival) - (N - 1) x 20 ms, i.e. the drift over the file,
 * and the same drift from a least-squares line through all arrivals (one late first or last packet
 * moves the former by its lateness, hardly the latter);</li>
 * <li>mean, p99 and max of |interval - 20 ms| between consecutive arrivals (jitter).</li>
 * </ul>
 * Played three times in the same call: with the machine otherwise idle, with one thread spinning
 * (on this 2-core machine: the other core busy), and with two spinning threads (both cores busy,
 * so the gateway competes for CPU). Arrival times are taken by the sink's receive thread, so they
 * include loopback delivery and the sink's own scheduling. As a control, each play runs alongside
 * a reference stream: a thread of the test pacing 3000 datagrams with the same absolute clock
 * ({@link PacingClock}) to a second sink, printed as REFERENCE; what the gateway adds is the
 * difference. Prints the figures; asserts nothing about them. Run: mvn -B test -Pbench -Dtest=PacingBenchmark
 */
@Tag("benchmark")
class PacingBenchmark extends SipTestSupport {

    private static final int RATE = 8000;
    private static final int SECONDS = 60;
    private static final int SAMPLES = RATE * SECONDS;
    private static final int PACKETS = SAMPLES / 160;
    private static final long PERIOD_NANOS = 20_000_000L;

    static {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
    }

    private RtpSink sink;

    @Override
    protected String scenario() {
        return "uas-answer-media-to-long.xml";
    }

    @Override
    protected String[] sippArguments() {
        if (sink == null) {
            sink = new RtpSink();
        }
        return new String[] {"-set", "rtp_port", Integer.toString(sink.port()), "-set", "rtp_pt", "0",
                "-set", "rtp_codec", "PCMU", "-timeout", "900s"};
    }

    @Override
    protected void sipSettings(Properties properties) {
        properties.setProperty("gateway.rtp.silence-when-idle", "false");
        properties.setProperty("gateway.upload.max-bytes", Integer.toString(2 * 1024 * 1024));
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
        try (WsClient client = connect()) {
            client.send("WAV_UPLOAD:minute.wav:" + Wavs.base64(wav));
            String ack = client.next(Duration.ofSeconds(30));
            assertTrue(ack.startsWith("WAV_ACK:stored minute.wav"), ack);
            callAndExpectAnswer(client, "0912345678");

            String[] labels = {"idle machine", "other core busy (1 spinning thread)", "both cores busy (2 spinning threads)"};
            for (int spinners = 0; spinners < labels.length; spinners++) {
                sink.clear();
                Thread[] load = startSpinners(spinners);
                Thread control;
                try (RtpSink referenceSink = new RtpSink()) {
                    control = startReference(referenceSink.port());
                    client.send("PLAY_WAV:minute.wav");
                    assertEquals("WAV_ACK:playing minute.wav", client.nextStartingWith("WAV_ACK", CALL_WAIT));
                    assertEquals("PLAY_DONE:minute.wav", client.nextStartingWith("PLAY_DONE", Duration.ofSeconds(SECONDS + 30)));
                    // The last packet leaves at the same tick as PLAY_DONE; give loopback a moment.
                    Thread.sleep(300);
                    control.join(Duration.ofSeconds(SECONDS + 30).toMillis());
                    Thread.sleep(100);
                    report(labels[spinners], sink.received());
                    report(labels[spinners] + ", REFERENCE (the test's own 20 ms PacingClock loop, no gateway)",
                            referenceSink.received());
                } finally {
                    stopSpinners(load);
                }
            }

            client.send("HANGUP");
            assertEquals("CALL_STATE:ENDED:local-bye", client.nextStartingWith("CALL_STATE", CALL_WAIT));
        }
        assertSippSucceeded();
    }

    private static void report(String label, List<RtpSink.Received> packets) {
        int n = packets.size();
        if (n < 2) {
            System.out.printf("BENCHMARK pacing, 60 s WAV, %s: only %d packets received (expected %d)%n", label, n, PACKETS);
            return;
        }
        long first = packets.get(0).arrivalNanos();
        long last = packets.get(n - 1).arrivalNanos();
        double driftMs = ((last - first) - (n - 1) * PERIOD_NANOS) / 1e6;
        double[] deviation = new double[n - 1];
        double sum = 0;
        java.util.List<String> worst = new java.util.ArrayList<>();
        for (int i = 1; i < n; i++) {
            long interval = packets.get(i).arrivalNanos() - packets.get(i - 1).arrivalNanos();
            deviation[i - 1] = Math.abs(interval - PERIOD_NANOS) / 1e6;
            sum += deviation[i - 1];
            if (deviation[i - 1] > 10 && worst.size() < 8) {
                worst.add(String.format("#%d:%.0fms", i, interval / 1e6));
            }
        }
        double fittedDriftMs = RtpSink.fittedDriftMs(packets, PERIOD_NANOS);
        Arrays.sort(deviation);
        long over2 = Arrays.stream(deviation).filter(d -> d > 2).count();
        long over10 = Arrays.stream(deviation).filter(d -> d > 10).count();
        double p99 = deviation[(int) Math.ceil(deviation.length * 0.99) - 1];
        System.out.printf("BENCHMARK pacing, 60 s WAV, %s: packets received %d (expected %d), total duration error %+.3f ms (fitted drift %+.3f ms), "
                + "|interval - 20 ms| mean %.3f ms, p99 %.3f ms, max %.3f ms, intervals off by > 2 ms: %d, by > 10 ms: %d%s%n",
                label, n, PACKETS, driftMs, fittedDriftMs, sum / deviation.length, p99, deviation[deviation.length - 1], over2, over10,
                worst.isEmpty() ? "" : " (interval ending at packet " + String.join(", ", worst) + ")");
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
