package org.sipgateway.rtp;

import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sipgateway.support.FreePorts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Another process binds a call's RTP port after the pool found it free: rtp:open moves the call
 * to a fresh port while its offer has not left, and fails as before when it has.
 */
class RtpPortTakenTest {

    private final DefaultCamelContext context = new DefaultCamelContext();
    private RtpComponent rtp;
    private DatagramSocket otherProcess;
    private int taken;

    @BeforeEach
    void start() throws Exception {
        rtp = new RtpComponent(false, "127.0.0.1", 1, new PacingOptions(4, 100), FlowLimits.ofMillis(1000, 800, 400));
        context.addComponent("rtp", rtp);
        context.start();
        taken = FreePorts.evenUdpBlock(4);
        otherProcess = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), taken));
    }

    @AfterEach
    void stop() throws Exception {
        otherProcess.close();
        context.close();
    }

    @Test
    void aTakenPortMovesTheCallToAFreshOne() throws Exception {
        TestCallMedia call = new TestCallMedia();
        call.port = taken;
        call.movesTo = taken + 2;
        MediaSession session = rtp.open(call, List.of());
        assertTrue(session != null, "media opened");
        assertEquals(taken + 2, call.localRtpPort());
        assertThrows(BindException.class, () -> new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                taken + 2)).close(), "the call holds its new port");
        rtp.close(call.callId());
    }

    @Test
    void aPortThatCannotMoveFailsTheOpen() {
        TestCallMedia call = new TestCallMedia();
        call.port = taken;
        Exception failure = assertThrows(Exception.class, () -> rtp.open(call, List.of()));
        assertTrue(RtpComponent.portTaken(failure), "the bind failure is reported: " + failure);
        assertEquals(0, rtp.mediaCount());
    }
}
