package org.sipgateway.rtp;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;

/** Turns playback events into exchanges, in order per call. */
final class RtpConsumer extends DefaultConsumer {

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

    void onEvent(MediaEvent event) {
        Exchange exchange = createExchange(false);
        Message message = exchange.getMessage();
        message.setHeader(RtpConstants.CALL_ID, event.callId());
        message.setHeader(RtpConstants.OWNER, event.owner());
        message.setHeader(RtpConstants.EVENT, event.type().name());
        message.setHeader(RtpConstants.FILE, event.fileName());
        message.setBody(event);
        try {
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        if (exchange.getException() != null) {
            getExceptionHandler().handleException("Failed to route media event " + event, exchange, exchange.getException());
        }
        releaseExchange(exchange, false);
    }
}
