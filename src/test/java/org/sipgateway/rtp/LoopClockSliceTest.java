package org.sipgateway.rtp;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sipgateway.support.FreePorts;
import org.sipgateway.support.RtpSink;
import org.sipgateway.support.ThreadSchedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rtp component's event loop that carries a call runs its clock with the slice of
 * gateway.rtp.clock-slice-us, as the kernel reports it; with 0 the loop keeps the kernel's default.
 */
class LoopClockSliceTest {

    private final DefaultCamelContext context = new DefaultCamelContext();

    @AfterEach
    void stop() throws Exception {
        context.close();
    }

    @Test
    void theLoopOfACallRunsWithTheConfiguredSlice() throws Exception {
        ThreadSchedule.assumeSlicePerThread();
        int tid = openACallOnOneLoop(300);

        assertEquals(300_000, awaitSlice(tid, 300_000));
    }

    @Test
    void zeroKeepsTheKernelsDefault() throws Exception {
        ThreadSchedule.assumeSlicePerThread();
        long defaultSlice = ThreadSchedule.slice(ThreadSchedule.currentTid());
        // The clock has started once a packet left: its thread has asked for a slice or not by then.
        int tid = openACallOnOneLoop(0);

        assertEquals(defaultSlice, ThreadSchedule.slice(tid));
    }

    /** Starts the component with one loop, opens a call on it and waits for its first packet; returns the loop thread's id. */
    private int openACallOnOneLoop(int sliceMicros) throws Exception {
        RtpComponent rtp = new RtpComponent(true, "127.0.0.1", 1, new PacingOptions(4, sliceMicros), FlowLimits.ofMillis(1000, 800, 400));
        context.addComponent("rtp", rtp);
        context.start();
        TestCallMedia call = new TestCallMedia();
        call.port = FreePorts.evenUdpBlock(2);
        try (RtpSink farEnd = new RtpSink()) {
            call.farEnd = new InetSocketAddress("127.0.0.1", farEnd.port());
            MediaSession session = rtp.open(call, List.of());
            assertTrue(session != null, "media opened");
            farEnd.await(1, Duration.ofSeconds(5));
            return session.channel().eventLoop().submit(ThreadSchedule::currentTid).get(5, TimeUnit.SECONDS);
        }
    }

    private static long awaitSlice(int tid, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        long slice = ThreadSchedule.slice(tid);
        while (slice != expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
            slice = ThreadSchedule.slice(tid);
        }
        return slice;
    }
}
