package org.sipgateway.rtp;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** RFC 4733: one key per event however many end packets repeat, and an event whose end was lost. */
class TelephoneEventsTest {

    private final TelephoneEvents keys = new TelephoneEvents();

    /** Payload at offset 12 of a 16-byte packet: event, E bit, volume 10, duration. */
    private char offer(int event, boolean end, int duration, long timestamp) {
        byte[] packet = new byte[16];
        packet[12] = (byte) event;
        packet[13] = (byte) ((end ? 0x80 : 0) | 10);
        packet[14] = (byte) (duration >>> 8);
        packet[15] = (byte) duration;
        return keys.offer(packet, 12, 4, timestamp);
    }

    @Test
    void oneKeyPerPressWithItsRepeatedEnds() {
        assertEquals(0, offer(5, false, 160, 1000));
        assertEquals(0, offer(5, false, 320, 1000));
        assertEquals('5', offer(5, true, 800, 1000));
        assertEquals(0, offer(5, true, 800, 1000));
        assertEquals(0, offer(5, true, 800, 1000));
        assertEquals(0, offer(11, false, 160, 3000));
        assertEquals('#', offer(11, true, 800, 3000));
        assertEquals(0, offer(10, false, 160, 5000));
        assertEquals('*', offer(10, true, 800, 5000));
    }

    @Test
    void anEventWhoseEndsWereLostIsReportedWhenTheNextStarts() {
        assertEquals(0, offer(1, false, 160, 1000));
        assertEquals('1', offer(2, false, 160, 2000));
        assertEquals('2', offer(2, true, 800, 2000));
        assertEquals(0, offer(2, true, 800, 2000));
    }

    @Test
    void aShortPayloadAndNonDigitEventsAreIgnored() {
        assertEquals(0, keys.offer(new byte[14], 12, 2, 1000));
        assertEquals(0, offer(70, true, 800, 4000));
        assertEquals('D', offer(15, true, 800, 6000));
    }
}
