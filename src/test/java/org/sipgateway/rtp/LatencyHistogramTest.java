package org.sipgateway.rtp;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Percentiles from the buckets; a drain starts the next interval at zero. */
class LatencyHistogramTest {

    @Test
    void quantilesAndMax() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int i = 1; i <= 98; i++) {
            histogram.recordNanos(i * 1000L);
        }
        histogram.recordNanos(2_500_000L);
        histogram.recordNanos(250_000_000L);
        LatencyHistogram.Snapshot snapshot = histogram.drain();
        assertEquals(100, snapshot.count());
        assertEquals(51, snapshot.quantileMicros(0.5));
        assertEquals(2510, snapshot.quantileMicros(0.99));
        assertEquals(250_000, snapshot.maxMicros());
        assertEquals(0, histogram.drain().count());
    }
}
