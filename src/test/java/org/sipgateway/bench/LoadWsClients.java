package org.sipgateway.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

/**
 * Many WebSocket sessions to one gateway on a few Vert.x event loops: a session costs a
 * connection and a handler, not a thread or an HTTP client, so 1,000 of them are cheap.
 */
final class LoadWsClients implements AutoCloseable {

    private static final int CONNECTS_IN_FLIGHT = 50;

    private final Vertx vertx;
    private final WebSocketClient client;
    private final int port;

    LoadWsClients(int port, int eventLoops) {
        this.port = port;
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops).setWorkerPoolSize(1)
                // On a busy 2-core machine an event loop may wait for CPU; that is not a blocked loop.
                .setBlockedThreadCheckInterval(TimeUnit.MINUTES.toMillis(10)));
        this.client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxConnections(100_000)
                .setConnectTimeout((int) Duration.ofSeconds(30).toMillis())
                .setTcpNoDelay(true));
    }

    /**
     * Opens {@code count} sessions, a few at a time so the gateway's accept queue is not flooded.
     * Fails with the reasons when not all of them open within {@code wait}.
     */
    List<LoadSession> connect(int count, Duration wait) throws InterruptedException {
        Semaphore inFlight = new Semaphore(CONNECTS_IN_FLIGHT);
        List<CompletableFuture<LoadSession>> opening = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            inFlight.acquire();
            WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/")
                    .addSubProtocol("sip-audio-protocol").setAllowOriginHeader(false);
            opening.add(client.connect(options).map(LoadSession::new).onComplete(r -> inFlight.release())
                    .toCompletionStage().toCompletableFuture());
        }
        List<LoadSession> sessions = new ArrayList<>(count);
        Map<String, Integer> failures = new TreeMap<>();
        long deadline = System.nanoTime() + wait.toNanos();
        for (CompletableFuture<LoadSession> f : opening) {
            try {
                sessions.add(f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (Exception e) {
                failures.merge(String.valueOf(e.getCause() == null ? e : e.getCause()), 1, Integer::sum);
            }
        }
        if (!failures.isEmpty()) {
            sessions.forEach(LoadSession::close);
            throw new IllegalStateException(failures.values().stream().mapToInt(Integer::intValue).sum() + " of " + count
                    + " WebSocket sessions did not open within " + wait + ": " + failures);
        }
        return sessions;
    }

    @Override
    public void close() throws Exception {
        client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
