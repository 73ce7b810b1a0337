package org.sipgateway.rtp;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Paces outbound packets against an absolute clock: packet {@code n} is due at {@code start + n × period}.
 *
 * <p>Sleeping "one period" after each send would add every wake-up delay and every send's own duration to all
 * later packets, so the stream would slowly fall behind real time and the far end's jitter buffer would run dry.
 * With deadlines computed from the start, a late packet is late on its own: the next deadline does not move, the
 * sender simply sleeps less, and the error never accumulates.
 *
 * <p>The benchmarks' reference sender; the gateway's own clock is Netty's fixed-rate schedule on each
 * event loop ({@code LoopClock}), which keeps absolute deadlines the same way. Not thread-safe; one
 * clock belongs to one sending loop.
 */
public final class PacingClock {

    /** Below this much remaining time, park's wake-up latency (often 50-100 µs) would overshoot; spin instead. */
    static final long SPIN_THRESHOLD_NANOS = 150_000L;

    private final long periodNanos;
    private final LongSupplier nanoTime;
    private long startNanos;
    private boolean started;

    /** A clock on {@link System#nanoTime()}. */
    public PacingClock(long periodNanos) {
        this(periodNanos, System::nanoTime);
    }

    /** A clock on the given time source, which must behave like {@link System#nanoTime()}. */
    public PacingClock(long periodNanos, LongSupplier nanoTime) {
        if (periodNanos <= 0) {
            throw new IllegalArgumentException("period must be positive, got " + periodNanos + " ns");
        }
        if (nanoTime == null) {
            throw new IllegalArgumentException("time source is null");
        }
        this.periodNanos = periodNanos;
        this.nanoTime = nanoTime;
    }

    /** Takes the current time as the deadline of packet 0; calling it again restarts the schedule. */
    public void start() {
        startNanos = nanoTime.getAsLong();
        started = true;
    }

    public boolean isStarted() {
        return started;
    }

    public long periodNanos() {
        return periodNanos;
    }

    /** The time-source reading taken by {@link #start()}. */
    public long startNanos() {
        checkStarted();
        return startNanos;
    }

    /** {@code start + n × period}, in the time source's units. */
    public long deadlineOf(long n) {
        checkStarted();
        if (n < 0) {
            throw new IllegalArgumentException("packet index " + n + " is negative");
        }
        // nanoTime values may wrap, so only the offset from start must not overflow.
        return startNanos + Math.multiplyExact(n, periodNanos);
    }

    /** Time left until packet {@code n} is due; negative when it is already late. */
    public long nanosUntil(long n) {
        return deadlineOf(n) - nanoTime.getAsLong();
    }

    /**
     * Blocks until {@link System#nanoTime()} reaches {@code deadlineNanos}: parks for the bulk of the wait, then
     * spins the last {@value #SPIN_THRESHOLD_NANOS} ns. Returns at once for a past deadline, and early if the
     * thread is interrupted, leaving the interrupt flag set so the sending loop can notice and stop.
     */
    public static void sleepUntil(long deadlineNanos) {
        long remaining;
        while ((remaining = deadlineNanos - System.nanoTime()) > 0) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            if (remaining > SPIN_THRESHOLD_NANOS) {
                LockSupport.parkNanos(remaining - SPIN_THRESHOLD_NANOS);
            } else {
                Thread.onSpinWait();
            }
        }
    }

    private void checkStarted() {
        if (!started) {
            throw new IllegalStateException("clock not started");
        }
    }
}
