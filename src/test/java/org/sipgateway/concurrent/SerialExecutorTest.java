package org.sipgateway.concurrent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SerialExecutorTest {

    @Test
    void runsEachQueueInOrderAndNeverTwoAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            int queues = 20;
            int tasks = 5000;
            List<List<Integer>> seen = new ArrayList<>();
            List<SerialExecutor> executors = new ArrayList<>();
            AtomicInteger[] running = new AtomicInteger[queues];
            AtomicInteger overlaps = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(queues * tasks);
            for (int q = 0; q < queues; q++) {
                seen.add(Collections.synchronizedList(new ArrayList<>()));
                executors.add(new SerialExecutor(pool));
                running[q] = new AtomicInteger();
            }
            for (int i = 0; i < tasks; i++) {
                for (int q = 0; q < queues; q++) {
                    int queue = q;
                    int task = i;
                    executors.get(q).execute(() -> {
                        if (running[queue].incrementAndGet() != 1) {
                            overlaps.incrementAndGet();
                        }
                        seen.get(queue).add(task);
                        running[queue].decrementAndGet();
                        done.countDown();
                    });
                }
            }
            assertTrue(done.await(30, TimeUnit.SECONDS));
            assertEquals(0, overlaps.get());
            for (int q = 0; q < queues; q++) {
                List<Integer> order = seen.get(q);
                assertEquals(tasks, order.size());
                for (int i = 0; i < tasks; i++) {
                    assertEquals(i, order.get(i));
                }
                // The last task counts the latch down before its drainer decrements pending.
                SerialExecutor executor = executors.get(q);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (executor.pending() != 0 && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                assertEquals(0, executor.pending());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailingTaskDoesNotStopTheQueue() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            SerialExecutor executor = new SerialExecutor(pool);
            CountDownLatch after = new CountDownLatch(1);
            executor.execute(() -> {
                throw new IllegalStateException("boom");
            });
            executor.execute(after::countDown);
            assertTrue(after.await(5, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
    }
}
