package org.sipgateway.rtp;

import java.util.concurrent.atomic.AtomicReference;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.junit.jupiter.api.Test;
import org.sipgateway.support.ThreadSchedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The slice is asked of the real kernel and read back from /proc (the kernel's own report, not
 * the class's): only the calling thread gets it, its nice value stays, and 0 changes nothing.
 * Skipped where the kernel takes no slice per thread (before Linux 6.12, not Linux).
 */
class ThreadSliceTest {

    /** setpriority(2), to give the thread a nice value the slice must keep. */
    interface Priority extends Library {
        int setpriority(int which, int who, int value);
    }

    @Test
    void onlyTheCallingThreadGetsTheSlice() throws Exception {
        ThreadSchedule.assumeSlicePerThread();
        long before = ThreadSchedule.slice(ThreadSchedule.currentTid());
        AtomicReference<long[]> seen = new AtomicReference<>();

        runOnNewThread(() -> {
            boolean granted = ThreadSlice.of(250).applyToCurrentThread();
            seen.set(new long[] {granted ? 1 : 0, ThreadSchedule.slice(ThreadSchedule.currentTid())});
        });

        assertEquals(1, seen.get()[0], "applyToCurrentThread reports the slice granted");
        assertEquals(250_000, seen.get()[1], "se.slice of the thread that asked");
        assertEquals(before, ThreadSchedule.slice(ThreadSchedule.currentTid()), "the test's own thread is untouched");
    }

    @Test
    void theThreadKeepsItsNiceValue() throws Exception {
        ThreadSchedule.assumeSlicePerThread();
        AtomicReference<long[]> seen = new AtomicReference<>();

        runOnNewThread(() -> {
            int tid = ThreadSchedule.currentTid();
            // PRIO_PROCESS with a thread id sets that thread's nice value; raising it needs no privilege.
            Native.load("c", Priority.class).setpriority(0, tid, 5);
            ThreadSlice.of(100).applyToCurrentThread();
            seen.set(new long[] {ThreadSchedule.prio(tid), ThreadSchedule.slice(tid)});
        });

        assertEquals(125, seen.get()[0], "prio 120 + nice 5");
        assertEquals(100_000, seen.get()[1]);
    }

    @Test
    void zeroLeavesTheKernelsDefault() throws Exception {
        ThreadSchedule.assumeSlicePerThread();
        AtomicReference<long[]> seen = new AtomicReference<>();

        runOnNewThread(() -> {
            int tid = ThreadSchedule.currentTid();
            long before = ThreadSchedule.slice(tid);
            boolean granted = ThreadSlice.of(0).applyToCurrentThread();
            seen.set(new long[] {granted ? 1 : 0, before, ThreadSchedule.slice(tid)});
        });

        assertEquals(0, seen.get()[0]);
        assertEquals(seen.get()[1], seen.get()[2]);
        assertTrue(seen.get()[2] > 100_000, "the default is longer than the gateway's slice: " + seen.get()[2]);
    }

    @Test
    void optionsOutsideTheKernelsRangeAreRefused() {
        assertFalse(isAccepted(50));
        assertFalse(isAccepted(100_001));
        assertTrue(isAccepted(0));
        assertTrue(isAccepted(100));
        assertTrue(isAccepted(100_000));
    }

    private static boolean isAccepted(int micros) {
        try {
            new PacingOptions(4, micros);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void runOnNewThread(Runnable body) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "thread-slice-test");
        thread.start();
        thread.join(10_000);
        if (failure.get() != null) {
            throw new AssertionError("on the new thread", failure.get());
        }
    }
}
