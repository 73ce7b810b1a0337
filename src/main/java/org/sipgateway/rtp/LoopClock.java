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
 */
final class LoopClock {

    private static final Logger LOG = LoggerFactory.getLogger(LoopClock.class);
    static final int PHASES = 4;
    private static final long PHASE_NANOS = RtpConstants.PACKET_NANOS / PHASES;

    private final EventLoop loop;
    @SuppressWarnings("unchecked")
    private final List<MediaSession>[] phases = new List[PHASES];
    private int nextPhase;
    private long ticks;
    private ScheduledFuture<?> schedule;

    LoopClock(EventLoop loop) {
        this.loop = loop;
        for (int i = 0; i < PHASES; i++) {
            phases[i] = new ArrayList<>();
        }
    }

    EventLoop loop() {
        return loop;
    }

    void start() {
        schedule = loop.scheduleAtFixedRate(this::tick, PHASE_NANOS, PHASE_NANOS, TimeUnit.NANOSECONDS);
    }

    void stop() {
        if (schedule != null) {
            schedule.cancel(false);
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
        for (int i = 0; i < due.size(); i++) {
            MediaSession session = due.get(i);
            try {
                session.tick();
            } catch (RuntimeException e) {
                LOG.error("Media tick failed for call {}", session.call().callId(), e);
            }
        }
    }
}
