package org.sipgateway.rtp;

/**
 * How the media clocks pace outbound packets.
 *
 * @param preciseCalls a 5 ms phase of a loop's clock with at most this many calls sends at the
 *                     exact deadline (gateway.rtp.precise-pacing-calls); 0: never
 * @param sliceMicros  the time slice the clocks' threads ask of the kernel (gateway.rtp.clock-slice-us,
 *                     {@link ThreadSlice}); 0: the kernel's default
 */
public record PacingOptions(int preciseCalls, int sliceMicros) {

    public PacingOptions {
        if (preciseCalls < 0) {
            throw new IllegalArgumentException("preciseCalls must not be negative, got " + preciseCalls);
        }
        if (sliceMicros != 0 && (sliceMicros < 100 || sliceMicros > 100_000)) {
            throw new IllegalArgumentException("sliceMicros must be 0 or 100-100000, got " + sliceMicros);
        }
    }
}
