package org.sipgateway.rtp;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.FreePorts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RtpPortPoolTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    /** A range of 4 pairs no one else on this machine is using right now. */
    private static int freeRangeStart() {
        return FreePorts.evenUdpBlock(8);
    }

    @Test
    void handsOutEvenPortsFromTheBottomAndGoesRound() throws Exception {
        int min = freeRangeStart();
        RtpPortPool pool = new RtpPortPool(LOOPBACK, min, min + 7);
        assertEquals(min, pool.allocate(), "the first call gets the bottom of the range");
        assertEquals(min + 2, pool.allocate());
        pool.release(min);
        assertEquals(min + 4, pool.allocate(), "a just-freed port is not reused at once");
        assertEquals(min + 6, pool.allocate());
        assertEquals(min, pool.allocate(), "after going round, the freed port comes back");
        assertEquals(4, pool.inUse());
        RtpPortPool.NoFreePortException full = assertThrows(RtpPortPool.NoFreePortException.class, pool::allocate);
        assertTrue(full.getMessage().contains(min + "-" + (min + 7)), full.getMessage());
    }

    @Test
    void skipsPortsAnotherProgramHolds() throws Exception {
        int min = freeRangeStart();
        try (DatagramSocket rtp = new DatagramSocket(new InetSocketAddress(LOOPBACK, min));
             DatagramSocket rtcp = new DatagramSocket(new InetSocketAddress(LOOPBACK, min + 3))) {
            RtpPortPool pool = new RtpPortPool(LOOPBACK, min, min + 7);
            assertEquals(min + 4, pool.allocate(), "min is taken, and min+2's RTCP port min+3 is taken");
        }
    }

    @Test
    void refusesBadRanges() {
        assertThrows(IllegalArgumentException.class, () -> new RtpPortPool(LOOPBACK, 32001, 32999));
        assertThrows(IllegalArgumentException.class, () -> new RtpPortPool(LOOPBACK, 32000, 32000));
        assertThrows(IllegalArgumentException.class, () -> new RtpPortPool(LOOPBACK, 1000, 2000));
    }
}
