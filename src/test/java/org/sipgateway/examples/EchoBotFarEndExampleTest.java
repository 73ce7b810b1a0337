package org.sipgateway.examples;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.sipgateway.media.G711Codec;
import org.sipgateway.rtp.RtpPacket;
import org.sipgateway.rtp.RtpPacketWriter;
import org.sipgateway.support.EchoBot;
import org.sipgateway.support.FarEndSinkTestSupport;
import org.sipgateway.support.PythonClient;
import org.sipgateway.support.PythonScript;
import org.sipgateway.support.RtpSink;
import org.sipgateway.support.Tones;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * examples/echo_bot.py with a real SIP far end (SIPp answers, the test is the caller's RTP): the
 * caller presses 7 while the greeting plays, which cuts it short (DTMF:7, CLEAR, MARK_CLEARED),
 * then speaks 1 s of 440 Hz, which the bot sends back at the same level (gain 1).
 */
class EchoBotFarEndExampleTest extends FarEndSinkTestSupport {

    private static final int EVENT_PT = 101;
    private static final double CALLER_HZ = 440;
    private static final int CALLER_PACKETS = 50;
    private static final double CALLER_AMPLITUDE = 10000;

    private final RtpPacketWriter caller = new RtpPacketWriter(G711Codec.PCMU.payloadType());
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();

    @Override
    protected String scenario() {
        return "uas-answer-media-to-dtmf.xml";
    }

    @AfterAll
    void stopClock() {
        clock.shutdownNow();
    }

    /** An RFC 4733 key press: three updates (the first with the marker), then the end packet three times. */
    private List<byte[]> keyPress(int event) {
        long timestamp = caller.nextTimestamp();
        List<byte[]> packets = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            byte[] packet = new byte[RtpPacket.FIXED_HEADER_LENGTH + 4];
            caller.writeEvent(EVENT_PT, event, i > 3, 10, 160 * Math.min(i, 4), i == 1, timestamp, packet);
            packets.add(packet);
        }
        caller.skipSamples(6 * 160);
        return packets;
    }

    private List<byte[]> tone() {
        short[] pcm = Tones.sine(CALLER_HZ, 8000, CALLER_PACKETS * 160, CALLER_AMPLITUDE);
        byte[] payload = new byte[160];
        List<byte[]> packets = new ArrayList<>();
        for (int i = 0; i < CALLER_PACKETS; i++) {
            G711Codec.PCMU.encode(pcm, i * 160, payload, 0, 160);
            byte[] packet = new byte[RtpPacket.FIXED_HEADER_LENGTH + 160];
            caller.write(payload, 0, 160, i == 0, packet);
            packets.add(packet);
        }
        return packets;
    }

    /** Sends the datagrams to the gateway one every 20 ms, as a far end's media clock does; returns when all are out. */
    private void sendPaced(List<byte[]> datagrams, InetSocketAddress gateway) throws InterruptedException {
        CountDownLatch sent = new CountDownLatch(datagrams.size());
        AtomicInteger next = new AtomicInteger();
        ScheduledFuture<?> task = clock.scheduleAtFixedRate(() -> {
            int i = next.getAndIncrement();
            if (i < datagrams.size()) {
                sink.send(datagrams.get(i), gateway);
                sent.countDown();
            }
        }, 0, 20, TimeUnit.MILLISECONDS);
        try {
            assertTrue(sent.await(10, TimeUnit.SECONDS), "the far end's packets went out");
        } finally {
            task.cancel(false);
        }
    }

    @Test
    void theCallersKeyCutsTheGreetingAndTheCallerIsEchoed() throws Exception {
        String greeting = EchoBot.writeGreeting(workDir).toString();
        PythonClient.Result result;
        try (PythonScript bot = EchoBot.start(wsPort, "--greeting", greeting, "--gain", "1", "--seconds", "5")) {
            bot.awaitOutput("< CALL_STATE:ANSWERED\n", CALL_WAIT);
            // Some 0.5 s of the greeting has reached the caller.
            InetSocketAddress gateway = sink.await(30, CALL_WAIT).get(0).source();
            sendPaced(keyPress(7), gateway);
            bot.awaitOutput("< MARK_CLEARED:greeting\n", CALL_WAIT);
            sendPaced(tone(), gateway);
            result = bot.finish(Duration.ofSeconds(60));
        }
        String output = result.output();
        assertEquals(0, result.exitCode(), output);
        assertTrue(output.indexOf("< DTMF:7\n") < output.indexOf("> CLEAR\n"), output);
        assertTrue(output.indexOf("> CLEAR\n") < output.indexOf("< MARK_CLEARED:greeting\n"), output);
        assertTrue(output.contains("keys: 7; greeting: cut short by CLEAR"), output);
        assertSippSucceeded();

        // What the caller heard, packet by packet: the greeting (600 Hz), then their own 440 Hz.
        int greetingPackets = 0;
        int echoPackets = 0;
        int lastGreeting = -1;
        int firstEcho = -1;
        double echoLevel = 0;
        List<RtpSink.Received> audio = sink.received().stream().filter(r -> r.packet().payloadType() == 0).toList();
        for (int i = 0; i < audio.size(); i++) {
            short[] pcm = RtpSink.decode(List.of(audio.get(i)), G711Codec.PCMU);
            double level = Tones.rms(pcm, 0, pcm.length);
            if (level < 2000) {
                continue;
            }
            double greetingPower = Tones.goertzelPower(pcm, 0, pcm.length, EchoBot.GREETING_HZ, 8000);
            double callerPower = Tones.goertzelPower(pcm, 0, pcm.length, CALLER_HZ, 8000);
            if (greetingPower > 10 * callerPower) {
                greetingPackets++;
                lastGreeting = i;
            } else if (callerPower > 10 * greetingPower) {
                echoPackets++;
                firstEcho = firstEcho < 0 ? i : firstEcho;
                echoLevel += level;
            }
        }
        assertTrue(greetingPackets >= 20 && greetingPackets < 100,
                "the greeting began and was cut short (all of it is 150 packets): " + greetingPackets);
        assertTrue(Math.abs(echoPackets - CALLER_PACKETS) <= 3, "the caller's 1 s came back: " + echoPackets + " packets");
        assertTrue(lastGreeting < firstEcho, "the echo after the greeting");
        double gainDb = 20 * Math.log10(echoLevel / echoPackets / (CALLER_AMPLITUDE / Math.sqrt(2)));
        assertTrue(Math.abs(gainDb) < 1.5, "echoed at the caller's level: " + gainDb + " dB");
    }
}
