package org.sipgateway.camel;

import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;

/**
 * A consumer that turns a component's events into exchanges, one at a time on the caller's
 * thread, so events keep the order their source delivers them in. A failure goes to the
 * consumer's exception handler and never back into the component.
 */
public abstract class EventConsumer<E> extends DefaultConsumer {

    private final EventSource<E> source;

    protected EventConsumer(Endpoint endpoint, Processor processor, EventSource<E> source) {
        super(endpoint, processor);
        this.source = source;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        source.addConsumer(this);
    }

    @Override
    protected void doStop() throws Exception {
        source.removeConsumer(this);
        super.doStop();
    }

    /** Puts the event's headers and body on the message. */
    protected abstract void populate(Message message, E event);

    public void onEvent(E event) {
        Exchange exchange = createExchange(false);
        populate(exchange.getMessage(), event);
        try {
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        if (exchange.getException() != null) {
            getExceptionHandler().handleException("Failed to route event " + event, exchange, exchange.getException());
        }
        releaseExchange(exchange, false);
    }
}
