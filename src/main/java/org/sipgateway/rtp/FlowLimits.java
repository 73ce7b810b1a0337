package org.sipgateway.rtp;

/**
 * How much of a client's streamed audio a call may hold, in 8 kHz samples: MEDIA_XOFF above
 * {@code high}, MEDIA_XON back below {@code low}, refused above {@code max} (PROTOCOL.md §6).
 */
public record FlowLimits(int max, int high, int low) {

    public static FlowLimits ofMillis(int maxMillis, int highMillis, int lowMillis) {
        if (!(lowMillis < highMillis && highMillis <= maxMillis)) {
            throw new IllegalArgumentException("need xon < xoff <= max, got " + lowMillis + ", " + highMillis + ", " + maxMillis);
        }
        return new FlowLimits(maxMillis * 8, highMillis * 8, lowMillis * 8);
    }
}
