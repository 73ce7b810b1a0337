package org.sipgateway.rtp;

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
 * {@code rtp:open} (body: the call's media) binds the call's RTP port; {@code rtp:play} plays the
 * WAV in the body into the call in {@link RtpConstants#CALL_ID}; {@code rtp:stop} stops it;
 * {@code rtp:close} tears the call's media down; {@code rtp:events} consumes playback events.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "rtp", title = "RTP call audio", syntax = "rtp:operation",
             category = { Category.NETWORKING }, headersClass = RtpConstants.class)
public final class RtpEndpoint extends DefaultEndpoint {

    @UriPath(enums = "open,close,play,stop,events", description = "What to do with the call's media")
    @Metadata(required = true)
    private final String operation;

    @UriParam(label = "producer", defaultValue = RtpConstants.DEFAULT_RECEIVER_TEMPLATE,
              description = "Route template rtp:open instantiates per call to receive its RTP, so the receive path stays editable YAML.")
    private String template = RtpConstants.DEFAULT_RECEIVER_TEMPLATE;

    RtpEndpoint(String uri, RtpComponent component, String operation) {
        super(uri, component);
        if (!java.util.Set.of(RtpConstants.OPERATION_OPEN, RtpConstants.OPERATION_CLOSE, RtpConstants.OPERATION_PLAY,
                RtpConstants.OPERATION_STOP, RtpConstants.EVENTS).contains(operation)) {
            throw new IllegalArgumentException("rtp:" + operation + " is not an operation; use open, close, play, stop or events");
        }
        this.operation = operation;
    }

    @Override
    public RtpComponent getComponent() {
        return (RtpComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        if (RtpConstants.EVENTS.equals(operation)) {
            throw new IllegalArgumentException("rtp:events can only be consumed (from), not sent to");
        }
        return new RtpProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        if (!RtpConstants.EVENTS.equals(operation)) {
            throw new IllegalArgumentException("Only rtp:events can be consumed; rtp:" + operation + " is for sending");
        }
        RtpConsumer consumer = new RtpConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    public String getOperation() {
        return operation;
    }

    public String getTemplate() {
        return template;
    }

    public void setTemplate(String template) {
        this.template = template;
    }
}
