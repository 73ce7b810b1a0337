package org.sipgateway.log;

import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;

/**
 * WARN lines for something that can happen many times a second (a refused handshake, a dropped
 * bus event), at most {@link #PER_WINDOW} per ten seconds: a flood must not fill the disk with
 * log lines. Lines over the budget are counted, and the next line written says how many were left
 * out.
 */
public final class ThrottledLog {

    public static final int PER_WINDOW = 20;
    private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Logger log;
    private long windowStart = System.nanoTime();
    private int written;
    private long suppressed;

    public ThrottledLog(Logger log) {
        this.log = log;
    }

    /** Logs the SLF4J {@code format} with {@code args} at WARN unless over budget. */
    public void warn(String format, Object... args) {
        long leftOut;
        synchronized (this) {
            long now = System.nanoTime();
            if (now - windowStart >= WINDOW_NANOS) {
                windowStart = now;
                written = 0;
            }
            if (written >= PER_WINDOW) {
                suppressed++;
                return;
            }
            written++;
            leftOut = suppressed;
            suppressed = 0;
        }
        if (leftOut > 0) {
            Object[] more = java.util.Arrays.copyOf(args, args.length + 1);
            more[args.length] = leftOut;
            log.warn(format + " ({} more like it not logged)", more);
        } else {
            log.warn(format, args);
        }
    }
}
