package org.sipgateway.rtp;

import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.sipgateway.camel.EventConsumer;

/** Turns playback events into exchanges, in order per call. */
final class RtpConsumer extends EventConsumer<MediaEvent> {

    RtpConsumer(RtpEndpoint endpoint, Processor processor) {
        super(endpoint, processor, endpoint.getComponent());
    }

    @Override
    protected void populate(Message message, MediaEvent event) {
        message.setHeader(RtpConstants.CALL_ID, event.callId());
        message.setHeader(RtpConstants.OWNER, event.owner());
        message.setHeader(RtpConstants.EVENT, event.type().name());
        message.setHeader(RtpConstants.FILE, event.fileName());
        message.setHeader(RtpConstants.REASON, event.reason());
        message.setBody(event);
    }
}
