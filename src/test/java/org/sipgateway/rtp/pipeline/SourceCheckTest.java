package org.sipgateway.rtp.pipeline;

import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;
import org.sipgateway.rtp.TestCallMedia;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Strict source: the SDP address only, the first SSRC latched, followed on a new SDP or after a silence. */
class SourceCheckTest {

    private static final long MS = 1_000_000L;
    private final TestCallMedia call = new TestCallMedia();
    private final SourceCheck check = new SourceCheck(call);

    private Drop send(long ssrc, InetSocketAddress from, long atMillis) {
        return check.check(Packets.frame(Packets.rtp(0, 1, 160, ssrc, 160, (byte) 0xFF), from, atMillis * MS + 1));
    }

    @Test
    void onlyTheSdpAddressIsAccepted() {
        assertNull(send(0x1111, call.farEnd, 0));
        assertEquals(Drop.UNEXPECTED_SOURCE, send(0x1111, new InetSocketAddress("127.0.0.1", 40002), 20));
        assertEquals(Drop.UNEXPECTED_SOURCE, send(0x1111, new InetSocketAddress("127.0.0.2", 40000), 40));
    }

    @Test
    void aForeignSsrcFromTheRightAddressIsDroppedWhileTheStreamGoesOn() {
        assertNull(send(0x1111, call.farEnd, 0));
        assertEquals(Drop.FOREIGN_SSRC, send(0x2222, call.farEnd, 10));
        assertNull(send(0x1111, call.farEnd, 20));
        assertEquals(Drop.FOREIGN_SSRC, send(0x2222, call.farEnd, 30));
        assertEquals(0, check.ssrcChanges());
    }

    @Test
    void aNewSdpLetsANewStreamIn() {
        assertNull(send(0x1111, call.farEnd, 0));
        call.mediaVersion++;
        call.farEnd = new InetSocketAddress("127.0.0.1", 40010);
        assertNull(send(0x3333, call.farEnd, 20));
        assertEquals(Drop.FOREIGN_SSRC, send(0x1111, call.farEnd, 40));
        assertEquals(1, check.ssrcChanges());
    }

    @Test
    void aStreamSilentForASecondMayBeReplacedByAnother() {
        assertNull(send(0x1111, call.farEnd, 0));
        assertEquals(Drop.FOREIGN_SSRC, send(0x2222, call.farEnd, 999));
        assertNull(send(0x2222, call.farEnd, 1001));
        assertEquals(Drop.FOREIGN_SSRC, send(0x1111, call.farEnd, 1021));
        assertEquals(1, check.ssrcChanges());
    }
}
