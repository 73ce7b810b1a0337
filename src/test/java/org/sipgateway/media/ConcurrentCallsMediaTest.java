package org.sipgateway.media;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.sipgateway.rtp.RtpPacket;
import org.sipgateway.support.GatewayTestSupport;
import org.sipgateway.support.Tones;
import org.sipgateway.support.Wavs;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Twenty calls at once to the same far-end host (the built-in test line, which echoes), each
 * playing its own tone: every session gets only its own call's packets (one SSRC, its own tone,
 * no trace of the others').
 */
class ConcurrentCallsMediaTest extends GatewayTestSupport {

    @Override
    protected void settings(Properties properties) {
        // 20 calls from one client address: above the default per-client call limit, on purpose.
        properties.setProperty("gateway.call.max-concurrent-per-client", "20");
    }

    private static final int CALLS = 20;
    private static final int SAMPLES = 4000;

    private static int frequency(int call) {
        return 400 + 50 * call;
    }

    private record Heard(Set<Long> ssrcs, short[] tone) {
    }

    @Test
    void eachSessionHearsOnlyItsOwnCall() throws Exception {
        List<WsClient> clients = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(CALLS);
        try {
            for (int i = 0; i < CALLS; i++) {
                WsClient client = connect();
                clients.add(client);
                client.send("WAV_UPLOAD:tone" + i + ".wav:" + Wavs.base64(Wavs.tone(8000, frequency(i), SAMPLES, 0.5)));
                assertTrue(client.next().startsWith("WAV_ACK:stored"));
                client.send("CALL:09000000" + String.format("%02d", i));
            }
            for (WsClient client : clients) {
                client.nextStartingWith("CALL_STATE:ANSWERED", WsClient.DEFAULT_WAIT);
            }
            List<Future<Heard>> heard = new ArrayList<>();
            for (int i = 0; i < CALLS; i++) {
                WsClient client = clients.get(i);
                int call = i;
                heard.add(pool.submit(() -> listen(client, "tone" + call + ".wav")));
            }
            Set<Long> everySsrc = new HashSet<>();
            for (int i = 0; i < CALLS; i++) {
                Heard h = heard.get(i).get();
                assertEquals(1, h.ssrcs().size(), "session " + i + " heard more than one stream: " + h.ssrcs());
                assertTrue(everySsrc.addAll(h.ssrcs()), "session " + i + " heard another session's stream");
                double own = Tones.goertzelPower(h.tone(), 0, h.tone().length, frequency(i), 8000);
                for (int other = 0; other < CALLS; other++) {
                    if (other != i) {
                        double foreign = Tones.goertzelPower(h.tone(), 0, h.tone().length, frequency(other), 8000);
                        double margin = Tones.decibels(own / Math.max(foreign, 1e-9));
                        assertTrue(margin > 20, "session " + i + ": call " + other + "'s tone only " + margin + " dB down");
                    }
                }
            }
            for (WsClient client : clients) {
                client.send("HANGUP");
                client.nextStartingWith("CALL_STATE:ENDED:local-bye", WsClient.DEFAULT_WAIT);
            }
        } finally {
            pool.shutdownNow();
            clients.forEach(WsClient::close);
        }
    }

    private static Heard listen(WsClient client, String file) throws InterruptedException {
        client.send("PLAY_WAV:" + file);
        Set<Long> ssrcs = new HashSet<>();
        List<RtpPacket> tone = new ArrayList<>();
        long quietUntil = Long.MAX_VALUE;
        while (System.nanoTime() < quietUntil) {
            String message = client.next(Duration.ofSeconds(10));
            if (message.equals("PLAY_DONE:" + file)) {
                quietUntil = System.nanoTime() + Duration.ofMillis(300).toNanos();
            } else if (message.startsWith("RTP:")) {
                RtpPacket packet = TestLineEchoLoopTest.parse(message);
                ssrcs.add(packet.ssrc());
                if (!TestLineEchoLoopTest.silent(packet, G711Codec.PCMU.silence())) {
                    tone.add(packet);
                }
            }
        }
        return new Heard(ssrcs, TestLineEchoLoopTest.decode(tone, G711Codec.PCMU));
    }
}
