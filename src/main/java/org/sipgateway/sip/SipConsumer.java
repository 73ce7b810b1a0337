package org.sipgateway.sip;

import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.sipgateway.camel.EventConsumer;

/** Turns call events into exchanges; runs on the call's own ordered event queue. */
final class SipConsumer extends EventConsumer<CallEvent> {

    SipConsumer(SipEndpoint endpoint, Processor processor) {
        super(endpoint, processor, endpoint.getComponent());
    }

    @Override
    protected void populate(Message message, CallEvent event) {
        message.setHeader(SipConstants.CALL_ID, event.callId());
        message.setHeader(SipConstants.OWNER, event.owner());
        message.setHeader(SipConstants.STATE, event.state().name());
        if (event.cause() != null) {
            message.setHeader(SipConstants.CAUSE, event.cause());
        }
        if (event.earlyMedia()) {
            message.setHeader(SipConstants.EARLY_MEDIA, true);
        }
        if (event.refusal() != null) {
            message.setHeader(SipConstants.REFUSAL, event.refusal());
        }
        message.setBody(event);
    }
}
