package org.sipgateway.sip;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;

/** Turns call events into exchanges; runs on the call's own ordered event queue. */
final class SipConsumer extends DefaultConsumer {

    private final SipEndpoint endpoint;

    SipConsumer(SipEndpoint endpoint, Processor processor) {
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

    void onEvent(CallEvent event) {
        Exchange exchange = createExchange(false);
        Message message = exchange.getMessage();
        message.setHeader(SipConstants.CALL_ID, event.callId());
        message.setHeader(SipConstants.OWNER, event.owner());
        message.setHeader(SipConstants.STATE, event.state().name());
        if (event.cause() != null) {
            message.setHeader(SipConstants.CAUSE, event.cause());
        }
        message.setBody(event);
        try {
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        if (exchange.getException() != null) {
            getExceptionHandler().handleException("Failed to route call event " + event, exchange, exchange.getException());
        }
        releaseExchange(exchange, false);
    }
}
