package org.sipgateway.ws;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one connection's tasks one at a time, in submission order, on a shared pool. Many
 * connections share few threads; a busy connection yields its thread every
 * {@link WsConstants#DRAIN_BATCH} tasks so others are not starved.
 */
final class SerialExecutor implements Executor {

    private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);

    private final Executor pool;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();

    SerialExecutor(Executor pool) {
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
    int pending() {
        return pending.get();
    }

    private void schedule() {
        try {
            pool.execute(this::drain);
        } catch (RejectedExecutionException e) {
            LOG.warn("Worker pool is shut down; dropping {} queued WebSocket message(s)", pending.get());
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
                LOG.error("Unexpected failure while handling a WebSocket message", e);
            }
            if (pending.decrementAndGet() == 0) {
                return;
            }
            if (++done >= WsConstants.DRAIN_BATCH) {
                schedule();
                return;
            }
        }
    }
}
