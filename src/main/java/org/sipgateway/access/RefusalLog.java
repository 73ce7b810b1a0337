package org.sipgateway.access;

import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;

/**
 * One WARN line per refused handshake, but at most {@link #PER_WINDOW} per ten seconds: a client
 * hammering the port must not fill the disk with log lines. Refusals over the budget are counted,
 * and the next line that is written says how many were left out.
 */
final class RefusalLog {

    static final int PER_WINDOW = 20;
    private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Logger log;
    private long windowStart = System.nanoTime();
    private int written;
    private long suppressed;

    RefusalLog(Logger log) {
        this.log = log;
    }

    /** Logs "WebSocket refused from {ip}: {why}" unless over budget. */
    void refused(String ip, String why) {
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
            log.warn("WebSocket refused from {}: {} ({} more refusals not logged)", ip, why, leftOut);
        } else {
            log.warn("WebSocket refused from {}: {}", ip, why);
        }
    }
}
