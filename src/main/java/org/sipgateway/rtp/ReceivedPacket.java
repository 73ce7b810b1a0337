package org.sipgateway.rtp;

/** One accepted RTP packet of a call, with the moment it arrived (System.nanoTime). */
public record ReceivedPacket(MediaSession session, RtpPacket packet, long arrivalNanos) {
}
