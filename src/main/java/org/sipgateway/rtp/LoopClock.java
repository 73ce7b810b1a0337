package org.sipgateway.rtp;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The 20 ms clock of the calls whose sockets live on one event loop. It runs on that loop, so a
 * tick writes each call's packet onto its channel without a thread hand-off. The period is cut
 * into {@link #PHASES} phases and each call ticks in one of them, so the loop sends a quarter of
 * its calls every 5 ms instead of all of them in one burst. Netty's fixed-rate schedule keeps
 * absolute deadlines (start + n x period): a late run never shifts the ones after it. The lists
 * are touched only on the loop.
 * <p>
 * A loop's wake-up from its timer comes 0.05-0.15 ms after the timer's deadline here, by an
 * amount that varies from tick to tick, and building a phase's packets takes up to 0.07 ms more
 * while the code is cold; that variation would be the packets' jitter. The loop therefore wakes
 * {@link #LEAD_NANOS} early; a phase with few calls builds its packets, spins to the exact
 * deadline and only then sends them: about 0.2 ms of CPU per phase, 4 % of a core for a loop
 * whose four phases all qualify. A phase with more calls than {@code preciseCalls} sends as soon
 * as the loop wakes: its own sends spread its packets over more than that anyway, and spinning
 * would then cost more than the calls do.
 * <p>
 * With every core busy, a loop whose timer has fired waits for the CPU, often until the next
 * scheduler tick; the clock's thread therefore asks the kernel for a short time slice
 * ({@link ThreadSlice}), which lets it preempt at once.
 */
final class LoopClock {

    private static final Logger LOG = LoggerFactory.getLogger(LoopClock.class);
    static final int PHASES = 4;
    private static final long PHASE_NANOS = RtpConstants.PACKET_NANOS / PHASES;
    static final long LEAD_NANOS = 300_000L;

    private final EventLoop loop;
    private final int preciseCalls;
    private final ThreadSlice slice;
    @SuppressWarnings("unchecked")
    private final List<MediaSession>[] phases = new List[PHASES];
    private int nextPhase;
    private long ticks;
    /** The deadline of the next tick, in {@link System#nanoTime()}; set and read on the loop. */
    private long deadline;
    private volatile ScheduledFuture<?> schedule;
    private volatile boolean stopped;

    LoopClock(EventLoop loop, int preciseCalls, ThreadSlice slice) {
        this.loop = loop;
        this.preciseCalls = preciseCalls;
        this.slice = slice;
        for (int i = 0; i < PHASES; i++) {
            phases[i] = new ArrayList<>();
        }
    }

    EventLoop loop() {
        return loop;
    }

    /**
     * Started on the loop itself, so that no tick runs before its deadline is known here and the
     * time slice is asked for by the loop's own thread.
     */
    void start() {
        execute(() -> {
            if (!stopped) {
                slice.applyToCurrentThread();
                ScheduledFuture<?> ticks = loop.scheduleAtFixedRate(this::tick, PHASE_NANOS - LEAD_NANOS, PHASE_NANOS, TimeUnit.NANOSECONDS);
                // The first tick cannot run before this task returns: both run on the loop.
                deadline = deadlineOf(ticks, LEAD_NANOS);
                schedule = ticks;
            }
        });
    }

    /**
     * The deadline of the first tick, in {@link System#nanoTime()}: Netty's own time of it plus
     * the lead. Taken from the schedule rather than from a clock read before scheduling, which
     * would be off by however long the scheduling call took (hundreds of microseconds when its
     * code is still cold), and every precise phase would then be sent that much late.
     */
    static long deadlineOf(ScheduledFuture<?> first, long leadNanos) {
        long before = System.nanoTime();
        long delay = first.getDelay(TimeUnit.NANOSECONDS);
        long after = System.nanoTime();
        return before + (after - before) / 2 + delay + leadNanos;
    }

    void stop() {
        stopped = true;
        ScheduledFuture<?> running = schedule;
        if (running != null) {
            running.cancel(false);
        }
    }

    /** Starts ticking the session from the next period of its phase. */
    void add(MediaSession session) {
        execute(() -> {
            phases[nextPhase].add(session);
            nextPhase = (nextPhase + 1) % PHASES;
        });
    }

    void remove(MediaSession session) {
        execute(() -> {
            for (List<MediaSession> phase : phases) {
                phase.remove(session);
            }
        });
    }

    private void execute(Runnable task) {
        try {
            loop.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // The loop is shutting down, and with it every call it carried.
        }
    }

    private void tick() {
        List<MediaSession> due = phases[(int) (ticks++ % PHASES)];
        long dueAt = deadline;
        deadline += PHASE_NANOS;
        if (due.isEmpty()) {
            return;
        }
        if (due.size() > preciseCalls) {
            for (int i = 0; i < due.size(); i++) {
                tick(due.get(i), true);
            }
            return;
        }
        for (int i = 0; i < due.size(); i++) {
            tick(due.get(i), false);
        }
        // Bounded by LEAD_NANOS: Netty never runs the tick before its own deadline, dueAt - LEAD_NANOS.
        while (System.nanoTime() - dueAt < 0) {
            Thread.onSpinWait();
        }
        for (int i = 0; i < due.size(); i++) {
            due.get(i).flush();
        }
    }

    private static void tick(MediaSession session, boolean flush) {
        try {
            session.tick(flush);
        } catch (RuntimeException e) {
            LOG.error("Media tick failed for call {}", session.call().callId(), e);
        }
    }
}
