package org.sipgateway.concurrent;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one key's tasks (a WebSocket connection's messages, a call's events) one at a time, in
 * submission order, on a shared pool. Many keys share few threads; a busy key yields its thread
 * every {@link #DRAIN_BATCH} tasks so others are not starved.
 */
public final class SerialExecutor implements Executor {

    /** Tasks one key runs before its thread goes back to the pool. */
    static final int DRAIN_BATCH = 32;

    private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);

    private final Executor pool;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();

    public SerialExecutor(Executor pool) {
        this.pool = pool;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        // The thread that moves pending from 0 to 1 owns draining; later submitters only enqueue.
        if (pending.getAndIncrement() == 0) {
            schedule();
        }
    }

    /** Tasks submitted and not yet finished. */
    public int pending() {
        return pending.get();
    }

    private void schedule() {
        try {
            pool.execute(this::drain);
        } catch (RejectedExecutionException e) {
            LOG.warn("Worker pool is shut down; dropping {} queued task(s)", pending.get());
            tasks.clear();
            pending.set(0);
        }
    }

    private void drain() {
        int done = 0;
        while (true) {
            Runnable task = tasks.poll();
            try {
                if (task != null) {
                    task.run();
                }
            } catch (RuntimeException e) {
                LOG.error("Unexpected failure in a serial task", e);
            }
            if (pending.decrementAndGet() == 0) {
                return;
            }
            if (++done >= DRAIN_BATCH) {
                schedule();
                return;
            }
        }
    }
}
