package org.sipgateway.rtp;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that paces every call's outbound audio. Tick n is due at start + n x 20 ms on an
 * absolute clock ({@link PacingClock}): a late tick never shifts the ones after it, so N packets
 * take N x 20 ms however the thread is scheduled. A plain sleep(20 ms) loop drifts instead.
 */
final class MediaClock implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(MediaClock.class);

    private final List<MediaSession> sessions = new CopyOnWriteArrayList<>();
    private final PacingClock clock = new PacingClock(RtpConstants.PACKET_NANOS);
    private volatile boolean running;
    private Thread thread;

    void add(MediaSession session) {
        sessions.add(session);
    }

    void remove(MediaSession session) {
        sessions.remove(session);
    }

    synchronized void start() {
        running = true;
        thread = new Thread(this, "rtp-media-clock");
        thread.setDaemon(true);
        thread.setPriority(Thread.MAX_PRIORITY);
        thread.start();
    }

    synchronized void stop() throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(1000);
            thread = null;
        }
    }

    @Override
    public void run() {
        clock.start();
        for (long tick = 1; running; tick++) {
            PacingClock.sleepUntil(clock.deadlineOf(tick));
            if (!running) {
                return;
            }
            for (MediaSession session : sessions) {
                try {
                    session.tick();
                } catch (RuntimeException e) {
                    LOG.error("Media tick failed for call {}", session.call().callId(), e);
                }
            }
        }
    }
}
