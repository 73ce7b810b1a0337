package org.sipgateway.rtp;

/**
 * The 20 ms ticks of one SEND_DTMF digit (PROTOCOL.md §6, RFC 4733 §2.5.1): 100 ms of event
 * packets (the first with the marker bit, then updates with growing duration, the fifth with the
 * end bit), the end packet twice more (§2.5.1.4: three in all), then one tick of nothing, so the
 * next digit starts 60 ms after this one ended. Volume 10 (-10 dBm0).
 */
final class DtmfTicks {

    static final int TICKS_PER_DIGIT = 8;
    private static final int EVENT_TICKS = 5;
    private static final int END_TICKS = 7;
    static final int VOLUME = 10;
    /** §3.2: 0-9, then * #, then A-D. */
    private static final String EVENTS = "0123456789*#ABCD";

    private DtmfTicks() {
    }

    /** What one tick sends. */
    static final class Tick {
        boolean send;
        int event;
        boolean end;
        boolean marker;
        int duration;
        long timestamp;
    }

    static void describe(char digit, int step, long eventTimestamp, Tick into) {
        into.event = EVENTS.indexOf(digit);
        into.timestamp = eventTimestamp;
        into.send = step < END_TICKS;
        into.marker = step == 0;
        into.end = step >= EVENT_TICKS - 1;
        into.duration = Math.min(step + 1, EVENT_TICKS) * RtpConstants.SAMPLES_PER_PACKET;
    }

}
