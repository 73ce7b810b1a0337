package org.sipgateway.rtp;

import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.sipgateway.camel.EventConsumer;

/** Turns playback events into exchanges, in order per call. */
final class RtpConsumer extends EventConsumer<MediaEvent> {

    private final RtpEndpoint endpoint;

    RtpConsumer(RtpEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        endpoint.getComponent().addConsumer(this);
    }

    @Override
    protected void doStop() throws Exception {
        endpoint.getComponent().removeConsumer(this);
        super.doStop();
    }

    @Override
    protected void populate(Message message, MediaEvent event) {
        message.setHeader(RtpConstants.CALL_ID, event.callId());
        message.setHeader(RtpConstants.OWNER, event.owner());
        message.setHeader(RtpConstants.EVENT, event.type().name());
        message.setHeader(RtpConstants.FILE, event.fileName());
        message.setBody(event);
    }
}
