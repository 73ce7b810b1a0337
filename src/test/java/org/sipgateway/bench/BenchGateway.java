package org.sipgateway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.sipgateway.support.FreePorts;
import org.sipgateway.support.GatewayProcess;
import org.sipgateway.support.Sipp;

/**
 * The gateway as the media benchmarks run it ({@link GatewayProcess}): its settings, and what its
 * log tells after SIGTERM (the rtp component's latency report and per-call summaries).
 */
final class BenchGateway {

    private static final Pattern INTERNAL_LATENCY = Pattern.compile(
            "Media latency \\(RTP arrival -> WebSocket write\\): n=(\\d+) p50=(\\d+)us p99=(\\d+)us max=(\\d+)us");
    /** RtpComponent's "RTP closed: ..." line, one per call (InboundPipeline.summary). */
    private static final Pattern CALL_SUMMARY = Pattern.compile(
            "RTP closed: received (\\d+), sent (\\d+),[^\\n]*?(?:, (\\d+) audio packets, (\\d+) lost ones filled)?\\s*$",
            Pattern.MULTILINE);

    private BenchGateway() {
    }

    /** What the gateway's per-call summaries add up to. */
    record CallTotals(int calls, long received, long sent, long audio, long filled) {
    }

    /**
     * Calls go to {@code sipp}; loopback only; silence when idle; RTP ports 40000-43999 (away from
     * the default range other gateways on this machine may use); the per-client limits of issue 7
     * lifted, since every client is 127.0.0.1; WARN, with INFO for org.sipgateway.rtp
     * (bench/logback-media-load.xml). Uploads and recordings go below {@code work}.
     */
    static Map<String, String> settings(Sipp sipp, Path work) throws IOException {
        Map<String, String> s = new HashMap<>();
        s.put("gateway.ws.host", "127.0.0.1");
        s.put("gateway.ws.port", Integer.toString(FreePorts.tcp()));
        s.put("gateway.sip.server", sipp.hostPort());
        s.put("gateway.sip.bind-host", "127.0.0.1");
        s.put("gateway.sip.port", Integer.toString(FreePorts.udpAndTcp()));
        s.put("gateway.upload.dir", Files.createDirectories(work.resolve("uploads")).toString());
        s.put("gateway.recording.dir", Files.createDirectories(work.resolve("recordings")).toString());
        s.put("gateway.rtp.silence-when-idle", "true");
        s.put("gateway.rtp.port-min", "40000");
        s.put("gateway.rtp.port-max", "43999");
        s.put("gateway.ws.max-sessions", "5000");
        s.put("gateway.ws.max-sessions-per-address", "5000");
        s.put("gateway.call.max-concurrent", "5000");
        s.put("gateway.call.max-concurrent-per-client", "5000");
        s.put("gateway.call.max-per-minute-per-client", "100000");
        s.put("gateway.call.ring-timeout", "120");
        s.put("logback.configurationFile", "bench/logback-media-load.xml");
        return s;
    }

    /** SIGTERM (so the gateway logs its final latency line), then its exit code and warnings into {@code notes}. */
    static void terminate(GatewayProcess gateway, List<String> notes) throws InterruptedException {
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

    /** The log's last "Media latency (RTP arrival -> WebSocket write)" report, or "not reported". */
    static String internalLatency(String log) {
        String last = null;
        Matcher m = INTERNAL_LATENCY.matcher(log);
        while (m.find()) {
            last = "n=" + m.group(1) + " p50=" + m.group(2) + "us p99=" + m.group(3) + "us max=" + m.group(4) + "us";
        }
        return last == null ? "not reported" : last;
    }

    /** Every latency report of the log, in order (one per 10 s and one at stop). */
    static List<String> internalLatencies(String log) {
        Matcher m = INTERNAL_LATENCY.matcher(log);
        List<String> all = new java.util.ArrayList<>();
        while (m.find()) {
            all.add("n=" + m.group(1) + " p50=" + m.group(2) + "us p99=" + m.group(3) + "us max=" + m.group(4) + "us");
        }
        return all;
    }

    /** The sum of the per-call "RTP closed" summaries of calls that received at least {@code minReceived} packets. */
    static CallTotals callTotals(String log, long minReceived) {
        Matcher m = CALL_SUMMARY.matcher(log);
        int calls = 0;
        long received = 0;
        long sent = 0;
        long audio = 0;
        long filled = 0;
        while (m.find()) {
            long r = Long.parseLong(m.group(1));
            if (r < minReceived) {
                continue;
            }
            calls++;
            received += r;
            sent += Long.parseLong(m.group(2));
            audio += m.group(3) == null ? 0 : Long.parseLong(m.group(3));
            filled += m.group(4) == null ? 0 : Long.parseLong(m.group(4));
        }
        return new CallTotals(calls, received, sent, audio, filled);
    }

    static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
