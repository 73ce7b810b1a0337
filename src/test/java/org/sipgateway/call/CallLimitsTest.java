package org.sipgateway.call;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.sipgateway.command.ErrorCode;
import org.sipgateway.command.GatewayException;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 7 obs. 2: the three call limits, per client name, on a clock the test moves. */
class CallLimitsTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private CallLimits limits(int total, int perClient, int perMinute) {
        return new CallLimits(total, perClient, perMinute, now::get);
    }

    @Test
    void concurrentCallsPerClientAreCountedPerName() throws Exception {
        CallLimits limits = limits(100, 2, 100);
        CallLimits.Permit first = limits.acquire("alice");
        limits.acquire("alice");
        GatewayException e = assertThrows(GatewayException.class, () -> limits.acquire("alice"));
        assertEquals(ErrorCode.LIMIT, e.code());
        assertTrue(e.getMessage().contains("gateway.call.max-concurrent-per-client=2"), e.getMessage());
        assertDoesNotThrow(() -> limits.acquire("bob"), "another client has its own count");
        first.release();
        first.release();
        assertDoesNotThrow(() -> limits.acquire("alice"), "released when the call ended, once");
        assertThrows(GatewayException.class, () -> limits.acquire("alice"), "a second release did not free another");
    }

    @Test
    void theTotalCountsEveryClient() throws Exception {
        CallLimits limits = limits(2, 10, 100);
        limits.acquire("alice");
        CallLimits.Permit bob = limits.acquire("bob");
        GatewayException e = assertThrows(GatewayException.class, () -> limits.acquire("carol"));
        assertEquals(ErrorCode.LIMIT, e.code());
        assertTrue(e.getMessage().contains("gateway.call.max-concurrent=2"), e.getMessage());
        bob.release();
        assertDoesNotThrow(() -> limits.acquire("carol"));
        assertEquals(2, limits.active());
    }

    @Test
    void newCallsPerMinuteSlideWithTheWindow() throws Exception {
        CallLimits limits = limits(100, 100, 3);
        for (int i = 0; i < 3; i++) {
            limits.acquire("alice").release();
            now.addAndGet(TimeUnit.SECONDS.toNanos(10));
        }
        GatewayException e = assertThrows(GatewayException.class, () -> limits.acquire("alice"));
        assertEquals(ErrorCode.LIMIT, e.code());
        assertTrue(e.getMessage().contains("gateway.call.max-per-minute-per-client=3"), e.getMessage());
        assertDoesNotThrow(() -> limits.acquire("bob").release(), "another client has its own window");
        now.addAndGet(TimeUnit.SECONDS.toNanos(30));
        assertDoesNotThrow(() -> limits.acquire("alice").release(), "the first call left the 60 s window");
        assertThrows(GatewayException.class, () -> limits.acquire("alice"));
    }

    @Test
    void idleClientsAreForgotten() throws Exception {
        CallLimits limits = limits(100_000, 10, 10);
        for (int i = 0; i < 1000; i++) {
            limits.acquire("client-" + i).release();
        }
        assertEquals(1000, limits.trackedClients());
        now.addAndGet(CallLimits.WINDOW_NANOS);
        CallLimits.Permit held = limits.acquire("alice");
        assertEquals(1, limits.trackedClients(), "only the client with a call is left");
        now.addAndGet(CallLimits.WINDOW_NANOS);
        held.release();
        assertEquals(0, limits.trackedClients());
    }
}
