package org.sipgateway.rtp.pipeline;

import org.sipgateway.rtp.CallMedia;
import org.sipgateway.rtp.RtpFrame;

/**
 * Tells the call's audio from the rest by payload type: the negotiated codec's number is audio,
 * the negotiated telephone-event number is DTMF (RFC 4733), 13 is comfort noise (RFC 3389), any
 * other is OTHER. Drops nothing: every accepted packet still reaches the session's RTP lines.
 */
public final class Classifier implements PacketStage {

    /** RFC 3551 §6: the static payload type of comfort noise. */
    static final int COMFORT_NOISE = 13;

    private final CallMedia call;

    public Classifier(CallMedia call) {
        this.call = call;
    }

    @Override
    public Drop check(RtpFrame frame) {
        int type = frame.payloadType();
        if (type == call.payloadType()) {
            frame.classify(RtpFrame.Kind.AUDIO);
        } else if (type == call.telephoneEventPayloadType()) {
            frame.classify(RtpFrame.Kind.TELEPHONE_EVENT);
        } else if (type == COMFORT_NOISE) {
            frame.classify(RtpFrame.Kind.COMFORT_NOISE);
        } else {
            frame.classify(RtpFrame.Kind.OTHER);
        }
        return null;
    }
}
