package org.sipgateway.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A light WebSocket client for the fan-out benchmark. Many of them share one JDK {@link HttpClient}
 * (one selector thread and one small executor for all, instead of one per client like the tests'
 * WsClient). {@code RTP:} lines are not queued: on arrival the 8-byte send time the generator wrote
 * at the start of the RTP payload is read from the hex and {@code now - sent} goes to the shared
 * {@link Recorder}. Every other text message is queued for the test.
 */
final class LatencyWsClient implements WebSocket.Listener {

    /** Where the payload's first byte starts in {@code RTP:<hex>}: 4 characters of prefix + 12 header bytes x 2. */
    static final int SEND_TIME_HEX_OFFSET = 4 + 12 * 2;

    /** Latencies of all clients of one run, in arrival order, in a preallocated array. */
    static final class Recorder {
        final long[] nanos;
        final java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger unparsable = new java.util.concurrent.atomic.AtomicInteger();
        volatile long lastArrival;

        Recorder(int capacity) {
            nanos = new long[capacity];
        }

        void record(long latency, long now) {
            int i = count.getAndIncrement();
            if (i < nanos.length) {
                nanos[i] = latency;
            }
            lastArrival = now;
        }

        int recorded() {
            return Math.min(count.get(), nanos.length);
        }
    }

    private final BlockingQueue<String> control = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private volatile Recorder recorder;
    private volatile WebSocket socket;

    private LatencyWsClient() {
    }

    static CompletableFuture<LatencyWsClient> connect(HttpClient http, int port) {
        LatencyWsClient client = new LatencyWsClient();
        return http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30)).subprotocols("sip-audio-protocol")
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/"), client)
                .thenApply(ws -> {
                    client.socket = ws;
                    return client;
                });
    }

    void recordInto(Recorder r) {
        recorder = r;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(Long.MAX_VALUE);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        if (!last || partial.length() > 0) {
            partial.append(data);
            if (last) {
                handle(partial, System.nanoTime());
                partial.setLength(0);
            }
            return null;
        }
        handle(data, System.nanoTime());
        return null;
    }

    private void handle(CharSequence text, long now) {
        if (text.length() > 3 && text.charAt(0) == 'R' && text.charAt(1) == 'T' && text.charAt(2) == 'P' && text.charAt(3) == ':') {
            Recorder r = recorder;
            if (r == null) {
                return;
            }
            if (text.length() < SEND_TIME_HEX_OFFSET + 16) {
                r.unparsable.incrementAndGet();
                return;
            }
            long sent = 0;
            for (int i = 0; i < 16; i++) {
                int digit = Character.digit(text.charAt(SEND_TIME_HEX_OFFSET + i), 16);
                if (digit < 0) {
                    r.unparsable.incrementAndGet();
                    return;
                }
                sent = (sent << 4) | digit;
            }
            r.record(now - sent, now);
        } else {
            control.add(text.toString());
        }
    }

    /** The next non-RTP message starting with one of the prefixes (others are skipped); null on timeout. */
    String next(Duration wait, String... prefixes) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            String message = control.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (message == null) {
                return null;
            }
            for (String prefix : prefixes) {
                if (message.startsWith(prefix)) {
                    return message;
                }
            }
        }
    }

    /** Takes every non-RTP message queued so far, without waiting. */
    java.util.List<String> drain() {
        java.util.List<String> out = new java.util.ArrayList<>();
        control.drainTo(out);
        return out;
    }

    CompletableFuture<WebSocket> send(String text) {
        return socket.sendText(text, true);
    }

    void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            socket.abort();
        }
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        control.add("CLIENT_ERROR:" + error);
    }
}
