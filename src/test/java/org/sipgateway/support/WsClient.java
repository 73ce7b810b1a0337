package org.sipgateway.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/** A real WebSocket client (the JDK's) that collects every text message the gateway sends. */
public final class WsClient implements AutoCloseable {

    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);

    private final WebSocket socket;
    private final BlockingQueue<String> texts;
    private final BlockingQueue<ByteBuffer> pongs;
    private final BlockingQueue<byte[]> binaries;
    private final CountDownLatch closed;
    private final java.util.concurrent.atomic.AtomicInteger closeStatus;

    private WsClient(WebSocket socket, BlockingQueue<String> texts, BlockingQueue<ByteBuffer> pongs,
            BlockingQueue<byte[]> binaries, CountDownLatch closed, java.util.concurrent.atomic.AtomicInteger closeStatus) {
        this.closeStatus = closeStatus;
        this.socket = socket;
        this.texts = texts;
        this.pongs = pongs;
        this.binaries = binaries;
        this.closed = closed;
    }

    public static WsClient connect(int port, String... subprotocols) {
        return connect(HttpClient.newHttpClient(), URI.create("ws://127.0.0.1:" + port + "/"), java.util.Map.of(), subprotocols);
    }

    /** Any URI ({@code wss://}, {@code ?token=}), extra handshake headers and an HTTP client of the test's choice (TLS). */
    public static WsClient connect(HttpClient http, URI uri, java.util.Map<String, String> headers, String... subprotocols) {
        BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        BlockingQueue<ByteBuffer> pongs = new LinkedBlockingQueue<>();
        BlockingQueue<byte[]> binaries = new LinkedBlockingQueue<>();
        CountDownLatch closed = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger closeStatus = new java.util.concurrent.atomic.AtomicInteger(-1);
        WebSocket.Listener listener = new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();
            private final java.io.ByteArrayOutputStream partialBinary = new java.io.ByteArrayOutputStream();

            @Override
            public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
                byte[] chunk = new byte[data.remaining()];
                data.get(chunk);
                partialBinary.writeBytes(chunk);
                if (last) {
                    binaries.add(partialBinary.toByteArray());
                    partialBinary.reset();
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    texts.add(partial.toString());
                    partial.setLength(0);
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
                pongs.add(message);
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                closeStatus.set(statusCode);
                closed.countDown();
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                closed.countDown();
            }
        };
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(DEFAULT_WAIT);
        headers.forEach(builder::header);
        if (subprotocols.length > 0) {
            builder.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        }
        WebSocket socket = builder.buildAsync(uri, listener).join();
        return new WsClient(socket, texts, pongs, binaries, closed, closeStatus);
    }

    public String subprotocol() {
        return socket.getSubprotocol();
    }

    public void send(String text) {
        socket.sendText(text, true).join();
    }

    public void sendBinary(byte[] data) {
        socket.sendBinary(ByteBuffer.wrap(data), true).join();
    }

    public CompletableFuture<WebSocket> ping(byte[] data) {
        return socket.sendPing(ByteBuffer.wrap(data));
    }

    public ByteBuffer awaitPong(Duration wait) throws InterruptedException {
        ByteBuffer pong = pongs.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (pong == null) {
            fail("no pong within " + wait);
        }
        return pong;
    }

    /** The next binary message; null if none arrives in time. */
    public byte[] nextBinary(Duration wait) throws InterruptedException {
        return binaries.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Binary messages received and not yet taken. */
    public int binariesWaiting() {
        return binaries.size();
    }

    /** The next text message; fails the test if none arrives in time. */
    public String next() throws InterruptedException {
        return next(DEFAULT_WAIT);
    }

    public String next(Duration wait) throws InterruptedException {
        String message = texts.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (message == null) {
            fail("no message from the gateway within " + wait);
        }
        return message;
    }

    public List<String> next(int count, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        List<String> out = new ArrayList<>(count);
        while (out.size() < count) {
            long left = deadline - System.nanoTime();
            String message = texts.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (message == null) {
                fail("got " + out.size() + " of " + count + " messages within " + wait);
            }
            out.add(message);
        }
        return out;
    }

    /** The next message that starts with {@code prefix}, skipping others (e.g. RTP lines). */
    public String nextStartingWith(String prefix, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String message = texts.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (message == null) {
                fail("no message starting with " + prefix + " within " + wait);
            }
            if (message.startsWith(prefix)) {
                return message;
            }
        }
    }

    /** Takes every text message received and not yet taken, without waiting. */
    public List<String> drain() {
        List<String> out = new ArrayList<>();
        texts.drainTo(out);
        return out;
    }

    /** Fails if any message arrives within {@code quiet}. */
    public void assertNothingWithin(Duration quiet) throws InterruptedException {
        String message = texts.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
        if (message != null) {
            fail("unexpected extra message: " + message);
        }
    }

    /** The status code of the server's close frame; -1 while open or when the connection just broke. */
    public int closeStatus() {
        return closeStatus.get();
    }

    public boolean awaitClosed(Duration wait) throws InterruptedException {
        return closed.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            socket.abort();
        }
    }
}
