package org.sipgateway.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PacingClockTest {

    private static final long PERIOD = 20_000_000L;

    /** A time source the test moves by hand. */
    private static final class FakeClock {
        long now;

        FakeClock(long now) {
            this.now = now;
        }

        long read() {
            return now;
        }
    }

    @Test
    void deadlinesAreStartPlusMultiplesOfThePeriod() {
        FakeClock fake = new FakeClock(5_000L);
        PacingClock clock = new PacingClock(PERIOD, fake::read);
        clock.start();

        assertEquals(5_000L, clock.deadlineOf(0));
        assertEquals(5_000L + PERIOD, clock.deadlineOf(1));
        assertEquals(5_000L + 50 * PERIOD, clock.deadlineOf(50));
        assertEquals(PERIOD, clock.nanosUntil(1));
    }

    @Test
    void latenessNeverAccumulates() {
        FakeClock fake = new FakeClock(Long.MAX_VALUE - 3 * PERIOD);
        PacingClock clock = new PacingClock(PERIOD, fake::read);
        clock.start();
        long start = fake.now;
        Random random = new Random(1);

        for (long n = 1; n <= 100_000; n++) {
            long lateness = random.nextInt(15_000_000);
            fake.now = clock.deadlineOf(n) + lateness;

            assertEquals(n * PERIOD, clock.deadlineOf(n) - start);
            assertEquals(PERIOD - lateness, clock.nanosUntil(n + 1), "only this packet's lateness counts");
        }
    }

    @Test
    void reportsLatenessAsNegativeTimeLeft() {
        FakeClock fake = new FakeClock(0);
        PacingClock clock = new PacingClock(PERIOD, fake::read);
        clock.start();
        fake.now = 3 * PERIOD + 1_000;

        assertEquals(-PERIOD - 1_000, clock.nanosUntil(2));
        assertEquals(PERIOD - 1_000, clock.nanosUntil(4));
    }

    @Test
    void restartingMovesTheSchedule() {
        FakeClock fake = new FakeClock(100);
        PacingClock clock = new PacingClock(PERIOD, fake::read);
        clock.start();
        fake.now = 7_777;
        clock.start();

        assertEquals(7_777, clock.startNanos());
        assertEquals(7_777 + PERIOD, clock.deadlineOf(1));
    }

    @Test
    void rejectsMisuse() {
        PacingClock clock = new PacingClock(PERIOD, () -> 0L);
        assertFalse(clock.isStarted());
        assertThrows(IllegalStateException.class, () -> clock.deadlineOf(1));
        clock.start();
        assertThrows(IllegalArgumentException.class, () -> clock.deadlineOf(-1));
        assertThrows(ArithmeticException.class, () -> clock.deadlineOf(Long.MAX_VALUE / 2));
        assertThrows(IllegalArgumentException.class, () -> new PacingClock(0));
        assertThrows(IllegalArgumentException.class, () -> new PacingClock(PERIOD, null));
    }

    @Test
    void sleepUntilReturnsAtOnceForAPastDeadline() {
        long before = System.nanoTime();
        PacingClock.sleepUntil(before - 1_000_000_000L);
        assertTrue(System.nanoTime() - before < 50_000_000L);
    }

    @Test
    void sleepUntilGivesUpWhenInterrupted() {
        long before = System.nanoTime();
        Thread.currentThread().interrupt();
        try {
            PacingClock.sleepUntil(before + 5_000_000_000L);
            assertTrue(System.nanoTime() - before < 1_000_000_000L);
            assertTrue(Thread.currentThread().isInterrupted(), "interrupt flag kept for the caller");
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void fiftyRealPacketsTakeAboutOneSecond() {
        PacingClock clock = new PacingClock(PERIOD);
        clock.start();

        for (int n = 1; n <= 50; n++) {
            long deadline = clock.deadlineOf(n);
            PacingClock.sleepUntil(deadline);
            assertTrue(System.nanoTime() - deadline >= 0, "never wakes before the deadline");
        }
        long elapsed = System.nanoTime() - clock.startNanos();

        // A sanity check on shared machines, not a benchmark: the bound only catches drift or a broken sleep.
        assertTrue(elapsed >= 1_000_000_000L, "elapsed " + elapsed + " ns");
        assertTrue(elapsed < 1_150_000_000L, "elapsed " + elapsed + " ns");
    }
}
