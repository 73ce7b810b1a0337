package org.sipgateway.rtp;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts of durations in microseconds, recorded from any thread without locks or allocation:
 * 1 us buckets up to 1 ms, then 10 us buckets up to 100 ms, one bucket for anything longer.
 * Written by hand: Micrometer's timers (issue 10) would add a dependency to the hot path for
 * what is one array of counters here.
 */
public final class LatencyHistogram {

    private static final int FINE = 1000;
    private static final int COARSE = 9900;
    private static final int OVER = FINE + COARSE;

    private final AtomicLongArray counts = new AtomicLongArray(OVER + 1);
    private final java.util.concurrent.atomic.AtomicLong max = new java.util.concurrent.atomic.AtomicLong();

    public void recordNanos(long nanos) {
        long micros = Math.max(0, nanos / 1000);
        if (micros > max.get()) {
            max.accumulateAndGet(micros, Math::max);
        }
        int bucket = micros < FINE ? (int) micros : micros < 100_000 ? FINE + (int) ((micros - FINE) / 10) : OVER;
        counts.incrementAndGet(bucket);
    }

    /** The counts so far, and a fresh start for the next interval. */
    public Snapshot drain() {
        long[] copy = new long[counts.length()];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = counts.getAndSet(i, 0);
        }
        return new Snapshot(copy, max.getAndSet(0));
    }

    /** One interval's counts. */
    public static final class Snapshot {

        private final long[] counts;
        private final long total;
        private final long max;

        Snapshot(long[] counts, long max) {
            this.counts = counts;
            this.max = max;
            long sum = 0;
            for (long count : counts) {
                sum += count;
            }
            this.total = sum;
        }

        public long count() {
            return total;
        }

        /** The upper bound, in microseconds, of the bucket holding the q-quantile; 0 when empty, the max past 100 ms. */
        public long quantileMicros(double q) {
            long rank = (long) Math.ceil(q * total);
            long seen = 0;
            for (int i = 0; i < counts.length; i++) {
                seen += counts[i];
                if (seen >= Math.max(1, rank)) {
                    return i == OVER ? max : upperMicros(i);
                }
            }
            return 0;
        }

        public long maxMicros() {
            return max;
        }

        private static long upperMicros(int bucket) {
            return bucket < FINE ? bucket + 1 : FINE + (bucket - FINE + 1) * 10L;
        }
    }
}
