package org.sipgateway.camel;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.sipgateway.log.ThrottledLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a component's events to its consumers. While it has none (a route reload swaps the
 * route that consumes them: the old one is removed before the new one starts) events wait, in
 * the order they came, up to {@link #HOLD_LIMIT}; the consumer that comes next gets them first.
 * Without this, a call whose ANSWERED or ENDED fell into the swap would never tell its client.
 */
public final class EventFanout<E> implements EventSource<E> {

    /** Events kept while no consumer is there; a route reload is over long before this fills. */
    public static final int HOLD_LIMIT = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(EventFanout.class);

    private final String what;
    private final List<EventConsumer<E>> consumers = new CopyOnWriteArrayList<>();
    private final ArrayDeque<E> held = new ArrayDeque<>();
    private final ThrottledLog dropLog = new ThrottledLog(LOG);
    /** Held events are being handed over: new ones queue behind them to keep each call's order. */
    private volatile boolean draining;
    private long dropped;

    public EventFanout(String what) {
        this.what = what;
    }

    @Override
    public void addConsumer(EventConsumer<E> consumer) {
        synchronized (held) {
            draining = true;
            consumers.add(consumer);
        }
        while (true) {
            E next;
            synchronized (held) {
                next = held.poll();
                if (next == null) {
                    draining = false;
                    return;
                }
            }
            deliver(next);
        }
    }

    @Override
    public void removeConsumer(EventConsumer<E> consumer) {
        consumers.remove(consumer);
    }

    public void publish(E event) {
        // Consumers before the flag: a consumer seen here was added after draining was raised.
        if (!consumers.isEmpty() && !draining) {
            deliver(event);
            return;
        }
        boolean now = false;
        synchronized (held) {
            if (!consumers.isEmpty() && !draining) {
                now = true;
            } else if (held.size() < HOLD_LIMIT) {
                held.add(event);
            } else {
                dropped++;
                dropLog.warn("No route takes {} and {} are waiting: dropped {} so far", what, HOLD_LIMIT, dropped);
            }
        }
        if (now) {
            deliver(event);
        }
    }

    /** Events held for a consumer that is not there (0 in normal operation). */
    public int held() {
        synchronized (held) {
            return held.size();
        }
    }

    private void deliver(E event) {
        for (EventConsumer<E> consumer : consumers) {
            consumer.onEvent(event);
        }
    }
}
