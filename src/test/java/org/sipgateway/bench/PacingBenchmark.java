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
 * <li>total duration error: (last arrival - first arrival) - (N - 1) x 20 ms, i.e. the drift over the file;</li>
 * <li>mean, p99 and max of |interval - 20 ms| between consecutive arrivals (jitter).</li>
 * </ul>
 * Played three times in the same call: with the machine otherwise idle, with one thread spinning
 * (on this 2-core machine: the other core busy), and with two spinning threads (both cores busy,
 * so the gateway competes for CPU). Arrival times are taken by the sink's receive thread, so they
 * include loopback delivery and the sink's own scheduling. Prints the figures; asserts nothing
 * about them. Run: mvn -B test -Pbench -Dtest=PacingBenchmark
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
                try {
                    client.send("PLAY_WAV:minute.wav");
                    assertEquals("WAV_ACK:playing minute.wav", client.nextStartingWith("WAV_ACK", CALL_WAIT));
                    assertEquals("PLAY_DONE:minute.wav", client.nextStartingWith("PLAY_DONE", Duration.ofSeconds(SECONDS + 30)));
                    // The last packet leaves at the same tick as PLAY_DONE; give loopback a moment.
                    Thread.sleep(300);
                } finally {
                    stopSpinners(load);
                }
                report(labels[spinners], sink.received());
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
        for (int i = 1; i < n; i++) {
            long interval = packets.get(i).arrivalNanos() - packets.get(i - 1).arrivalNanos();
            deviation[i - 1] = Math.abs(interval - PERIOD_NANOS) / 1e6;
            sum += deviation[i - 1];
        }
        Arrays.sort(deviation);
        double p99 = deviation[(int) Math.ceil(deviation.length * 0.99) - 1];
        System.out.printf("BENCHMARK pacing, 60 s WAV, %s: packets received %d (expected %d), total duration error %+.3f ms, "
                + "|interval - 20 ms| mean %.3f ms, p99 %.3f ms, max %.3f ms%n",
                label, n, PACKETS, driftMs, sum / deviation.length, p99, deviation[deviation.length - 1]);
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
