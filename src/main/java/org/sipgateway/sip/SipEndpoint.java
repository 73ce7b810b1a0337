package org.sipgateway.sip;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

/**
 * {@code sip:dial} places a call to the Request-URI in header {@link SipConstants#TARGET} for the
 * owner in {@link SipConstants#OWNER}, and returns the call as the body; {@code sip:hangup} ends
 * the call in {@link SipConstants#CALL_ID}; {@code sip:answer} gives the offered inbound call in
 * {@link SipConstants#CALL_ID} to {@link SipConstants#OWNER} and returns it as the body;
 * {@code sip:reject} refuses it; {@code sip:events} consumes call state changes.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "sip", title = "SIP calls", syntax = "sip:operation",
             category = { Category.NETWORKING }, headersClass = SipConstants.class)
public final class SipEndpoint extends DefaultEndpoint {

    @UriPath(enums = "dial,hangup,answer,reject,hold,resume,transfer,events",
             description = "dial, hangup, answer, reject, hold, resume or transfer to act on calls, events to receive their states")
    @Metadata(required = true)
    private final String operation;

    @UriParam(label = "producer", defaultValue = "0",
              description = "Seconds to wait for an answer before CANCEL; 0 uses gateway.call.ring-timeout.")
    private int ringTimeout;

    @UriParam(label = "producer", defaultValue = "0",
              description = "Seconds after which an answered call is hung up; 0 uses gateway.call.max-duration.")
    private int maxDuration;

    SipEndpoint(String uri, SipComponent component, String operation) {
        super(uri, component);
        if (!java.util.Set.of(SipConstants.OPERATION_DIAL, SipConstants.OPERATION_HANGUP, SipConstants.OPERATION_ANSWER,
                SipConstants.OPERATION_REJECT, SipConstants.OPERATION_HOLD, SipConstants.OPERATION_RESUME,
                SipConstants.OPERATION_TRANSFER, SipConstants.EVENTS).contains(operation)) {
            throw new IllegalArgumentException("sip:" + operation + " is not an operation; use sip:dial, sip:hangup, sip:answer,"
                    + " sip:reject, sip:hold, sip:resume, sip:transfer or sip:events");
        }
        this.operation = operation;
    }

    @Override
    public SipComponent getComponent() {
        return (SipComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        if (SipConstants.EVENTS.equals(operation)) {
            throw new IllegalArgumentException("sip:events can only be consumed (from), not sent to");
        }
        return new SipProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        if (!SipConstants.EVENTS.equals(operation)) {
            throw new IllegalArgumentException("Only sip:events can be consumed; sip:" + operation + " is for sending");
        }
        SipConsumer consumer = new SipConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    public String getOperation() {
        return operation;
    }

    public int getRingTimeout() {
        return ringTimeout;
    }

    public void setRingTimeout(int ringTimeout) {
        this.ringTimeout = ringTimeout;
    }

    public int getMaxDuration() {
        return maxDuration;
    }

    public void setMaxDuration(int maxDuration) {
        this.maxDuration = maxDuration;
    }
}
