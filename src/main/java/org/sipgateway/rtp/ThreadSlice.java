package org.sipgateway.rtp;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks Linux's scheduler for a short time slice for the threads that run a media clock.
 * <p>
 * Since Linux 6.6 the fair scheduler is EEVDF, and since 6.12 a thread may request its own slice
 * with sched_setattr(2) (sched_runtime of a SCHED_OTHER thread, 0.1-100 ms; no privilege needed,
 * and it does not change the thread's share of the CPU). A short slice gives the thread an early
 * virtual deadline, so when its timer fires while every core runs a CPU-bound thread it preempts
 * one at once; with the default slice it often waits for the next scheduler tick (4 ms at
 * HZ=250), and that wait is the packet's jitter (docs/performance.md, "Pacing").
 * <p>
 * The JDK has no call for this and glibc wraps sched_setattr only from 2.41, hence JNA and
 * syscall(2). Older kernels take the call and ignore the slice; reading it back tells.
 */
final class ThreadSlice {

    private static final Logger LOG = LoggerFactory.getLogger(ThreadSlice.class);
    /** struct sched_attr as first published (SCHED_ATTR_SIZE_VER0), sched(7): the fields used here. */
    private static final int ATTR_SIZE = 48;
    private static final int ATTR_SIZE_OFFSET = 0;
    private static final int ATTR_POLICY_OFFSET = 4;
    private static final int ATTR_FLAGS_OFFSET = 8;
    private static final int ATTR_RUNTIME_OFFSET = 24;
    private static final int SCHED_OTHER = 0;
    /** pid 0: the calling thread. Arguments are passed as longs, the width syscall(2) reads them at. */
    private static final long THIS_THREAD = 0L;

    interface LibC extends Library {
        long syscall(long number, Object... arguments) throws LastErrorException;
    }

    /** Does nothing: slice 0 (the kernel's default) or no way to ask for one. */
    private static final ThreadSlice KERNEL_DEFAULT = new ThreadSlice(null, 0, 0, 0);

    private final LibC libc;
    private final long setattr;
    private final long getattr;
    private final long nanos;
    private volatile boolean announced;
    private volatile boolean warned;

    private ThreadSlice(LibC libc, long setattr, long getattr, long nanos) {
        this.libc = libc;
        this.setattr = setattr;
        this.getattr = getattr;
        this.nanos = nanos;
    }

    /** A slice of {@code micros} (0: leave the kernel's default), or the default where it cannot be asked for, said in one log line. */
    static ThreadSlice of(int micros) {
        if (micros == 0) {
            return KERNEL_DEFAULT;
        }
        long[] numbers = syscallNumbers();
        if (!Platform.isLinux() || numbers == null) {
            LOG.info("Media clocks keep the scheduler's default time slice: a slice per thread is Linux's (x86-64, arm64)");
            return KERNEL_DEFAULT;
        }
        try {
            return new ThreadSlice(Native.load("c", LibC.class), numbers[0], numbers[1], micros * 1000L);
        } catch (LinkageError | RuntimeException e) {
            LOG.info("Media clocks keep the scheduler's default time slice: sched_setattr is not available ({})", e.toString());
            return KERNEL_DEFAULT;
        }
    }

    /** sched_setattr and sched_getattr, by architecture (the kernel's syscall tables). */
    private static long[] syscallNumbers() {
        if (Platform.isIntel() && Platform.is64Bit()) {
            return new long[] {314, 315};
        }
        if (Platform.isARM() && Platform.is64Bit()) {
            return new long[] {274, 275};
        }
        return null;
    }

    long nanos() {
        return nanos;
    }

    /**
     * Applies the slice to the calling thread if it runs under the normal policy (one set to a
     * real-time policy by its operator is left alone). Returns whether the kernel now reports it.
     */
    boolean applyToCurrentThread() {
        if (libc == null) {
            return false;
        }
        String thread = Thread.currentThread().getName();
        try (Memory attr = new Memory(ATTR_SIZE)) {
            attr.clear();
            libc.syscall(getattr, THIS_THREAD, attr, (long) ATTR_SIZE, 0L);
            if (attr.getInt(ATTR_POLICY_OFFSET) != SCHED_OTHER) {
                LOG.debug("Thread {} keeps its scheduling policy {}", thread, attr.getInt(ATTR_POLICY_OFFSET));
                return false;
            }
            // The rest (the nice value) is kept as read.
            attr.setInt(ATTR_SIZE_OFFSET, ATTR_SIZE);
            attr.setLong(ATTR_FLAGS_OFFSET, 0);
            attr.setLong(ATTR_RUNTIME_OFFSET, nanos);
            libc.syscall(setattr, THIS_THREAD, attr, 0L);
            attr.clear();
            libc.syscall(getattr, THIS_THREAD, attr, (long) ATTR_SIZE, 0L);
            long granted = attr.getLong(ATTR_RUNTIME_OFFSET);
            if (granted != nanos) {
                warnOnce("the kernel keeps its own slice ({} ns; a slice per thread needs Linux 6.12)", granted);
                return false;
            }
            if (!announced) {
                announced = true;
                LOG.info("Media clocks run with a {} us time slice (gateway.rtp.clock-slice-us)", nanos / 1000);
            }
            LOG.debug("Thread {} runs with a {} us time slice", thread, nanos / 1000);
            return true;
        } catch (LastErrorException e) {
            warnOnce("sched_setattr failed (errno {})", e.getErrorCode());
            return false;
        }
    }

    private void warnOnce(String reason, Object detail) {
        if (!warned) {
            warned = true;
            LOG.info("Media clocks keep the scheduler's default time slice: " + reason, detail);
        }
    }
}
