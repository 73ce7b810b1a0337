package org.sipgateway.rtp;

import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The clock's deadline comes from the schedule itself, so a slow scheduling call cannot shift
 * every precise phase: a schedule whose first run is due in 4.8 ms is taken as due then, plus
 * the lead, whatever the time spent before the deadline was read.
 */
class LoopClockDeadlineTest {

    /** A schedule whose first run is due {@code delayNanos} after it was made, at {@code madeAt}. */
    private record Schedule(long madeAt, long delayNanos) implements ScheduledFuture<Object> {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(madeAt + delayNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return false;
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean isDone() {
            return false;
        }

        @Override
        public Object get() {
            return null;
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            return null;
        }
    }

    @Test
    void theDeadlineIsTheSchedulesOwnPlusTheLead() {
        long madeAt = System.nanoTime();
        Schedule first = new Schedule(madeAt, 4_800_000L);
        // As if the scheduling call had taken 0.3 ms before the clock read its deadline.
        long until = System.nanoTime() + 300_000L;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }

        long deadline = LoopClock.deadlineOf(first, 200_000L);

        long expected = madeAt + 4_800_000L + 200_000L;
        // Only the time between two adjacent clock reads separates them, not the 0.3 ms before.
        assertTrue(Math.abs(deadline - expected) < 150_000L, "off by " + (deadline - expected) + " ns");
    }
}
