package org.sipgateway.call;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

import org.sipgateway.command.ErrorCode;
import org.sipgateway.command.GatewayException;
import org.sipgateway.session.ActiveCall;

/**
 * PROTOCOL.md §7 call limits, keyed by client name (token name, or address of a trusted client):
 * calls at once in total and per client, and new calls per client in any 60 seconds (a sliding
 * window). Checked before any SIP is built; a {@link Permit} is released when its call ends.
 * Memory is bounded: a client keeps at most max-per-minute timestamps, and its entry is dropped
 * once it has no call and no call in the last minute.
 */
public final class CallLimits {

    static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final int maxConcurrent;
    private final int maxConcurrentPerClient;
    private final int maxPerMinutePerClient;
    private final LongSupplier nanoTime;
    private final Map<String, ClientUsage> clients = new HashMap<>();
    private int active;

    public CallLimits(int maxConcurrent, int maxConcurrentPerClient, int maxPerMinutePerClient) {
        this(maxConcurrent, maxConcurrentPerClient, maxPerMinutePerClient, System::nanoTime);
    }

    CallLimits(int maxConcurrent, int maxConcurrentPerClient, int maxPerMinutePerClient, LongSupplier nanoTime) {
        this.maxConcurrent = maxConcurrent;
        this.maxConcurrentPerClient = maxConcurrentPerClient;
        this.maxPerMinutePerClient = maxPerMinutePerClient;
        this.nanoTime = nanoTime;
    }

    /** Counts a new call for {@code client}, or refuses it with {@code ERROR:limit}. */
    public synchronized Permit acquire(String client) throws GatewayException {
        long now = nanoTime.getAsLong();
        forgetIdleClients(now);
        if (active >= maxConcurrent) {
            throw new GatewayException(ErrorCode.LIMIT, "the gateway has " + active
                    + " calls at once, the most allowed (gateway.call.max-concurrent=" + maxConcurrent + ")");
        }
        ClientUsage usage = clients.computeIfAbsent(client, name -> new ClientUsage());
        if (usage.active >= maxConcurrentPerClient) {
            throw new GatewayException(ErrorCode.LIMIT, client + " has " + usage.active
                    + " calls at once, the most allowed (gateway.call.max-concurrent-per-client=" + maxConcurrentPerClient + ")");
        }
        if (usage.starts.size() >= maxPerMinutePerClient) {
            long waitSeconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(usage.starts.peekFirst() + WINDOW_NANOS - now));
            throw new GatewayException(ErrorCode.LIMIT, client + " placed " + usage.starts.size()
                    + " calls in the last 60 s, the most allowed (gateway.call.max-per-minute-per-client="
                    + maxPerMinutePerClient + "); try again in " + waitSeconds + " s");
        }
        usage.starts.addLast(now);
        usage.active++;
        active++;
        return new Permit(client);
    }

    /** Calls counted now, in total. */
    public synchronized int active() {
        return active;
    }

    /** Client names with an entry now (for tests of bounded memory). */
    synchronized int trackedClients() {
        return clients.size();
    }

    private synchronized void release(String client) {
        active--;
        ClientUsage usage = clients.get(client);
        if (usage != null) {
            usage.active--;
        }
        forgetIdleClients(nanoTime.getAsLong());
    }

    private void forgetIdleClients(long now) {
        for (Iterator<ClientUsage> it = clients.values().iterator(); it.hasNext(); ) {
            ClientUsage usage = it.next();
            while (!usage.starts.isEmpty() && now - usage.starts.peekFirst() >= WINDOW_NANOS) {
                usage.starts.removeFirst();
            }
            if (usage.active == 0 && usage.starts.isEmpty()) {
                it.remove();
            }
        }
    }

    private static final class ClientUsage {
        private int active;
        private final ArrayDeque<Long> starts = new ArrayDeque<>();
    }

    /** One counted call; {@link #release()} is safe to call more than once. */
    public final class Permit {

        private final String client;
        private final AtomicBoolean released = new AtomicBoolean();
        private volatile boolean handedOver;

        private Permit(String client) {
            this.client = client;
        }

        /** The call now owns the permit: it is released when the call ends (at once if it has). */
        public void releaseWhenEnded(ActiveCall call) {
            handedOver = true;
            call.whenEnded(this::release);
        }

        /** For the exchange that placed the call: releases the permit if no call took it. */
        public void releaseUnlessHandedOver() {
            if (!handedOver) {
                release();
            }
        }

        public void release() {
            if (released.compareAndSet(false, true)) {
                CallLimits.this.release(client);
            }
        }
    }
}
