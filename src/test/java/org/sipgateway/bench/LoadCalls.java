package org.sipgateway.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/** Placing, pacing and ending the load benchmarks' calls ({@link LoadSession}s). */
final class LoadCalls {

    static final String TARGET = "0912345678";
    static final Duration CONNECT_WAIT = Duration.ofSeconds(60);
    static final Duration ANSWER_WAIT = Duration.ofSeconds(120);
    static final Duration END_WAIT = Duration.ofSeconds(60);

    private LoadCalls() {
    }

    /** Runs {@code action} for each session at {@code perSecond}, on an absolute clock. */
    static void paced(List<LoadSession> sessions, int perSecond, Consumer<LoadSession> action) {
        long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
        long start = System.nanoTime();
        for (int i = 0; i < sessions.size(); i++) {
            long wait;
            while ((wait = start + i * interval - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            action.accept(sessions.get(i));
        }
    }

    /** Places and ends {@code count} calls without media, so the timed calls do not pay for the JIT. */
    static void warmUp(LoadWsClients clients, int count, int perSecond, List<String> notes) throws Exception {
        List<LoadSession> sessions = clients.connect(count, CONNECT_WAIT);
        try {
            CountDownLatch settled = new CountDownLatch(count);
            paced(sessions, perSecond, s -> s.call(TARGET, settled));
            settled.await(ANSWER_WAIT.toSeconds(), TimeUnit.SECONDS);
            List<LoadSession> up = sessions.stream().filter(LoadSession::up).toList();
            CountDownLatch ended = new CountDownLatch(up.size());
            paced(up, perSecond, s -> s.hangUp(ended));
            ended.await(END_WAIT.toSeconds(), TimeUnit.SECONDS);
            if (up.size() < count || ended.getCount() > 0) {
                notes.add("warm-up: " + up.size() + " of " + count + " calls answered, " + (up.size() - ended.getCount())
                        + " ended after HANGUP");
            }
        } finally {
            closeAll(sessions);
        }
    }

    static void closeAll(List<LoadSession> sessions) throws InterruptedException {
        List<CompletableFuture<Void>> closing = sessions.stream().map(LoadSession::close).toList();
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // Already closed by the other side, or slow: the gateway's shutdown closes the rest.
        }
    }

    /** Notes the calls that were not answered, counted by reason. */
    static void summarizeFailures(List<LoadSession> sessions, List<String> notes) {
        List<String> failures = sessions.stream().filter(s -> !s.answered()).map(s -> String.valueOf(s.failure())).toList();
        if (!failures.isEmpty()) {
            notes.add(failures.size() + " call(s) not answered: " + count(failures));
        }
    }

    static String count(List<String> values) {
        Map<String, Long> counts = new TreeMap<>();
        values.forEach(v -> counts.merge(v, 1L, Long::sum));
        return counts.toString();
    }
}
