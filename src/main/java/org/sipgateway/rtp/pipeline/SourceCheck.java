package org.sipgateway.rtp.pipeline;

import java.net.InetSocketAddress;

import org.sipgateway.rtp.CallMedia;
import org.sipgateway.rtp.RtpFrame;

/**
 * RFC 3550 §8.2 source checks, strict as rtpengine's strict-source: a packet must come from the
 * address and port the far end's SDP named, and carry the SSRC of the stream that address started
 * (the first SSRC seen from it). Another SSRC from the right address is a forgery or a second
 * sender and is dropped. The latched SSRC is let go, so a new stream is followed, when the far
 * end's SDP changes (a re-INVITE: {@link CallMedia#mediaVersion()}), or when the latched stream
 * has sent nothing for {@link #RELATCH_SILENCE_NANOS} (the far end restarted its stream).
 * No address latching: a far end behind NAT must name its public address in the SDP.
 */
public final class SourceCheck implements PacketStage {

    /** A stream silent this long is over; a new SSRC from the same address may start. */
    static final long RELATCH_SILENCE_NANOS = 1_000_000_000L;

    private final CallMedia call;
    private int latchedVersion = Integer.MIN_VALUE;
    private boolean latched;
    private boolean everLatched;
    private long ssrc;
    private long lastNanos;
    private long ssrcChanges;

    public SourceCheck(CallMedia call) {
        this.call = call;
    }

    @Override
    public Drop check(RtpFrame frame) {
        InetSocketAddress expected = call.expectFrom();
        if (expected == null || !expected.equals(frame.source())) {
            return Drop.UNEXPECTED_SOURCE;
        }
        int version = call.mediaVersion();
        if (version != latchedVersion) {
            latchedVersion = version;
            latched = false;
        }
        if (latched && frame.ssrc() != ssrc && frame.arrivalNanos() - lastNanos >= RELATCH_SILENCE_NANOS) {
            latched = false;
        }
        if (!latched) {
            if (everLatched && frame.ssrc() != ssrc) {
                ssrcChanges++;
            }
            everLatched = true;
            latched = true;
            ssrc = frame.ssrc();
        } else if (frame.ssrc() != ssrc) {
            return Drop.FOREIGN_SSRC;
        }
        lastNanos = frame.arrivalNanos();
        return null;
    }

    @Override
    public String explain(Drop reason, RtpFrame frame) {
        if (reason == Drop.FOREIGN_SSRC) {
            return reason.description() + ": SSRC " + Long.toHexString(frame.ssrc()) + " from " + frame.source()
                    + ", the call's stream is " + Long.toHexString(ssrc);
        }
        return "RTP from " + frame.source() + ": the call's far end is " + call.expectFrom();
    }

    /** Times a new SSRC was followed after the first. */
    public long ssrcChanges() {
        return ssrcChanges;
    }
}
