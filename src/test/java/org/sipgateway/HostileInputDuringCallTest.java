package org.sipgateway;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.GatewayTestSupport;
import org.sipgateway.support.RawHandshake;
import org.sipgateway.support.RawWsClient;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 7: the refusals of the hostile-input tests, fired together while a healthy call runs.
 * Each one is refused as its own test says, and the healthy call's audio never stops for longer
 * than a loaded 2-core machine's scheduling hiccup. Here those the default settings refuse
 * (observations 1, 2, 7, 8, 9); {@link HostileInputWithLimitsDuringCallTest} those that need
 * tokens, the dial plan, limits or short timeouts (2, 5, 7, 8). Observations 3, 4 and 9 have the
 * call in their own tests (NotReadingClientTest, InDialogSourceTest, Rfc4475TortureTest); 6, the
 * password kept out of the log, refuses no input.
 */
class HostileInputDuringCallTest extends GatewayTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(10);
    /** The bound NotReadingClientTest uses on this machine; the old code's stalls were 337-2883 ms. */
    private static final long MAX_GAP_MS = 300;

    @Test
    void refusalsDoNotDisturbAHealthyCall() throws Exception {
        try (WsClient healthy = connect()) {
            healthy.send("CALL:0912345678");
            healthy.nextStartingWith("CALL_STATE:ANSWERED", WAIT);
            healthy.nextStartingWith("RTP:", WAIT);

            CompletableFuture<List<String>> attack = CompletableFuture.supplyAsync(this::attack);
            long last = System.nanoTime();
            long worstGapMs = 0;
            int rtpLines = 0;
            while (!attack.isDone() || rtpLines < 50) {
                String line = healthy.nextStartingWith("RTP:", WAIT);
                long now = System.nanoTime();
                worstGapMs = Math.max(worstGapMs, TimeUnit.NANOSECONDS.toMillis(now - last));
                last = now;
                rtpLines++;
                assertTrue(line.length() > 24, line);
            }
            List<String> problems = attack.get(30, TimeUnit.SECONDS);
            assertTrue(problems.isEmpty(), String.join("\n", problems));
            assertTrue(worstGapMs < MAX_GAP_MS, "the healthy call's audio stalled for " + worstGapMs + " ms");

            healthy.send("HANGUP");
            assertEquals("CALL_STATE:ENDED:local-bye", healthy.nextStartingWith("CALL_STATE", WAIT));
        }
    }

    private List<String> attack() {
        List<String> problems = new ArrayList<>();
        try {
            RawHandshake.Answer evil = RawHandshake.send(wsPort, "/", Map.of("Origin", "http://evil.example"));
            expect(problems, "foreign Origin", 403, evil.status());

            try (RawWsClient client = RawWsClient.connect(wsPort)) {
                client.send(true, 0, RawWsClient.TEXT, new byte[] {'C', 'A', 'L', 'L', ':', '1', (byte) 0xC3, (byte) 0x28});
                RawWsClient.Frame close = client.awaitClose(WAIT);
                expect(problems, "invalid UTF-8", 1007, close == null ? -1 : close.closeCode());
            }
            try (RawWsClient client = RawWsClient.connect(wsPort)) {
                client.send(true, 4, RawWsClient.TEXT, "HANGUP".getBytes(StandardCharsets.US_ASCII));
                RawWsClient.Frame close = client.awaitClose(WAIT);
                expect(problems, "RSV1", 1002, close == null ? -1 : close.closeCode());
            }
            try (WsClient other = connect()) {
                other.send("CALL:sip:victim@127.0.0.1:5999;maddr=127.0.0.1");
                String reply = other.next();
                if (!reply.startsWith("ERROR:bad-target:")) {
                    problems.add("maddr target: " + reply);
                }
                other.send("PLAY_WAV:nothing-here.wav");
                String play = other.next();
                if (!play.startsWith("ERROR:no-call:")) {
                    problems.add("PLAY_WAV without a call: " + play);
                }
            }
            try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                String bad = "OPTIONS sip:gateway@127.0.0.1:" + sipPort + " SIP/2.0\r\n"
                        + "Via: SIP/2.0/UDP 127.0.0.1:" + socket.getLocalPort() + ";branch=z9hG4bK-hostile\r\n"
                        + "Max-Forwards: 70\r\nTo: <sip:gateway@127.0.0.1>\r\nFrom: <sip:x@127.0.0.1>;tag=h1\r\n"
                        + "Call-ID: hostile@127.0.0.1\r\nCSeq: one OPTIONS\r\nContent-Length: 0\r\n\r\n";
                byte[] bytes = bad.getBytes(StandardCharsets.US_ASCII);
                socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), sipPort));
                socket.setSoTimeout(5000);
                DatagramPacket reply = new DatagramPacket(new byte[4096], 4096);
                socket.receive(reply);
                String status = new String(reply.getData(), 0, reply.getLength(), StandardCharsets.US_ASCII).split("\r\n", 2)[0];
                if (!status.equals("SIP/2.0 400 Bad Request (malformed CSeq header)")) {
                    problems.add("malformed CSeq: " + status);
                }
            }
        } catch (Exception e) {
            problems.add("the attack itself failed: " + e);
        }
        return problems;
    }

    private static void expect(List<String> problems, String what, int expected, int actual) {
        if (expected != actual) {
            problems.add(what + ": expected " + expected + ", got " + actual);
        }
    }
}
