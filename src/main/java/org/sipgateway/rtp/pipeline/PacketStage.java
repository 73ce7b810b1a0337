package org.sipgateway.rtp.pipeline;

import org.sipgateway.rtp.RtpFrame;

/**
 * One step of the receive pipeline: looks at (and may classify) a parsed frame, and either lets it
 * through or drops it with a reason. Runs on the call's event loop; allocates nothing per packet.
 */
public interface PacketStage {

    /** Null to pass the frame on; otherwise why it is dropped. */
    Drop check(RtpFrame frame);

    /** One line for the log about the first frame dropped for {@code reason}. */
    default String explain(Drop reason, RtpFrame frame) {
        return reason.description() + " (from " + frame.source() + ")";
    }
}
