package org.sipgateway.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sipgateway.support.FreePorts;
import org.sipgateway.support.GatewayProcess;
import org.sipgateway.support.RawWsClient;

/**
 * Issue 7, observation 3, measured on a separate gateway process with default settings: one raw
 * WebSocket client that never reads sends 200,000 one-byte text commands ("x"). VmRSS is read from
 * /proc/&lt;pid&gt;/status before, at its peak (a thread polls it every 20 ms from the first
 * command until the session is gone) and after. Before the fix the same flood took the process
 * from 168 MB to 972 MB and its disconnect logged 103,786 WARN lines. Prints how the flooder
 * ended (the close frame it finds once it finally reads, or how the connection broke) and how many
 * lines the gateway logged meanwhile, and, to tell a heap the JVM merely grew from one that is
 * still full, the Java heap as jcmd reports it after the flood and again (with VmRSS) after a full GC;
 * asserts nothing about the figures.
 * Run: mvn -B -q -o test -Pbench -Dtest=NotReadingRssBenchmark
 */
@Tag("benchmark")
class NotReadingRssBenchmark {

    private static final int COMMANDS = 200_000;
    private static final int BATCH = 1000;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void rssOfAGatewayProcessFloodedByAClientThatNeverReads() throws Exception {
        int wsPort = FreePorts.tcp();
        Map<String, String> settings = Map.of(
                "gateway.ws.port", Integer.toString(wsPort),
                "gateway.ws.host", "127.0.0.1",
                "gateway.sip.bind-host", "127.0.0.1",
                "gateway.sip.port", Integer.toString(FreePorts.udpAndTcp()),
                "gateway.upload.dir", Files.createTempDirectory("gw-up").toString(),
                "gateway.recording.dir", Files.createTempDirectory("gw-rec").toString());
        try (GatewayProcess gateway = GatewayProcess.start(settings, WAIT)) {
            Path status = Path.of("/proc", Long.toString(gateway.pid()), "status");
            // The port accepts before start-up has finished logging; count from a quiet log.
            long started = System.nanoTime() + WAIT.toNanos();
            while (!gateway.log().contains(") started in ") && System.nanoTime() < started) {
                Thread.sleep(20);
            }
            long before = rssKb(status);
            int linesBefore = lines(gateway);

            AtomicLong peak = new AtomicLong(before);
            AtomicBoolean stop = new AtomicBoolean();
            Thread poller = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        peak.accumulateAndGet(rssKb(status), Math::max);
                        Thread.sleep(20);
                    } catch (IOException | InterruptedException e) {
                        return;
                    }
                }
            }, "rss-poller");
            poller.start();

            byte[] batch = commands(BATCH);
            int sent = 0;
            String ending;
            long sending = System.nanoTime();
            try (RawWsClient flooder = RawWsClient.connect(wsPort)) {
                try {
                    while (sent < COMMANDS) {
                        flooder.writeRaw(batch);
                        sent += BATCH;
                    }
                    // Still not reading: wait until the gateway has noticed, as its log says.
                    long noticed = System.nanoTime() + WAIT.toNanos();
                    while (!gateway.log().contains("is not reading") && System.nanoTime() < noticed) {
                        Thread.sleep(20);
                    }
                    ending = ending(flooder);
                } catch (IOException broken) {
                    ending = "the connection broke while sending (" + broken.getMessage() + ")";
                }
            }
            long sendingMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sending);
            long gone = System.nanoTime() + WAIT.toNanos();
            while (!gateway.log().contains("Session closed") && System.nanoTime() < gone) {
                Thread.sleep(20);
            }
            stop.set(true);
            poller.join();
            long after = rssKb(status);
            int logged = lines(gateway) - linesBefore;
            long aboutIt = gateway.log().lines().skip(linesBefore)
                    .filter(l -> l.contains("not reading") || l.contains("not delivered")).count();

            String heapAfter = heap(gateway.pid());
            jcmd(gateway.pid(), "GC.run");
            String heapAfterGc = heap(gateway.pid());
            long afterGc = rssKb(status);

            System.out.printf("not-reading client, separate gateway process (default settings): %d of %d commands sent in %d ms;"
                    + " VmRSS %d MB before, %d MB at peak, %d MB after; flooder: %s; gateway log: %d new line(s), %d about"
                    + " the flooder; Java heap after: %s; after a full GC: %s, VmRSS %d MB%n", sent, COMMANDS, sendingMillis,
                    before >> 10, peak.get() >> 10, after >> 10, ending, logged, aboutIt, heapAfter, heapAfterGc, afterGc >> 10);
            System.out.println(gateway.log().lines().skip(linesBefore).reduce("gateway log since the flood:", (a, b) -> a + "\n  " + b));
        }
    }

    private static String ending(RawWsClient flooder) throws IOException {
        try {
            RawWsClient.Frame close = flooder.awaitClose(WAIT);
            if (close == null) {
                return "TCP connection closed without a close frame";
            }
            return "closed with " + close.closeCode() + " \"" + close.closeReason() + "\"";
        } catch (SocketTimeoutException timeout) {
            return "still open after " + WAIT.toSeconds() + " s";
        }
    }

    /** jcmd's heap line, e.g. "garbage-first heap total 262144K, used 51200K". */
    private static String heap(long pid) throws IOException, InterruptedException {
        return jcmd(pid, "GC.heap_info").lines().map(String::trim).filter(l -> l.contains(" heap ")).findFirst()
                .orElse("(no heap line from jcmd)").replaceAll("\\s+", " ");
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS);
        return output;
    }

    private static long rssKb(Path status) throws IOException {
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS in " + status);
    }

    private static int lines(GatewayProcess gateway) {
        return (int) gateway.log().lines().count();
    }

    private static byte[] commands(int count) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] one = {'x'};
        for (int i = 0; i < count; i++) {
            byte[] frame = RawWsClient.frame(true, 0, RawWsClient.TEXT, one);
            out.write(frame, 0, frame.length);
        }
        return out.toByteArray();
    }
}
