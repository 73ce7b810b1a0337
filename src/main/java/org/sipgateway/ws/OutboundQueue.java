package org.sipgateway.ws;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server->client side of one connection: how many messages were handed to Vert.x but not yet
 * written to the socket, and whether the session already had its one log line about messages that
 * could not be delivered. A client that stops reading would otherwise make the gateway queue
 * replies without bound (issue 7, observation 3).
 */
final class OutboundQueue {

    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicBoolean closedForNotReading = new AtomicBoolean();
    private final AtomicBoolean reported = new AtomicBoolean();

    int pending() {
        return pending.get();
    }

    void queued() {
        pending.incrementAndGet();
    }

    void written() {
        pending.decrementAndGet();
    }

    /** True for the one caller that gets to close the connection; false once it is closing. */
    boolean closeForNotReading() {
        return closedForNotReading.compareAndSet(false, true) && reported.compareAndSet(false, true);
    }

    boolean closedForNotReading() {
        return closedForNotReading.get();
    }

    /** True the first time only: each session gets at most one line about undelivered messages. */
    boolean reportOnce() {
        return reported.compareAndSet(false, true);
    }
}
