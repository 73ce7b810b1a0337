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
 * {@code rtp:open} (body: the call's media) binds the call's RTP port and sends what it receives
 * to the named sinks; {@code rtp:play} plays the WAV in the body into the call in
 * {@link RtpConstants#CALL_ID}; {@code rtp:stream} queues the 8 kHz samples in the body (a
 * client's own audio) after what is queued, {@code rtp:mark} the mark named in {@link RtpConstants#FILE},
 * {@code rtp:dtmf} the digits in it as RFC 4733 events;
 * {@code rtp:stop} stops it; {@code rtp:close} tears the call's
 * media down; {@code rtp:events} consumes playback events and sink failures; {@code rtp:audio}
 * consumes every call's received audio (a tap: one exchange per 20 ms packet).
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "rtp", title = "RTP call audio", syntax = "rtp:operation",
             category = { Category.NETWORKING }, headersClass = RtpConstants.class)
public final class RtpEndpoint extends DefaultEndpoint {

    @UriPath(enums = "open,close,play,stream,mark,dtmf,stop,events,audio", description = "What to do with the call's media")
    @Metadata(required = true)
    private final String operation;

    @UriParam(label = "producer", defaultValue = RtpConstants.DEFAULT_SINKS,
              description = "For rtp:open: the registry names of the MediaSinkFactory beans that get the call's received"
                            + " packets, comma-separated (clientAudio: the owner's RTP lines; recordings: the recording)."
                            + " Routes that consume rtp:audio are added to every call.")
    private String sinks = RtpConstants.DEFAULT_SINKS;

    @UriParam(label = "consumer", defaultValue = "1000",
              description = "For rtp:audio: packets waiting for the tap route before new ones are dropped (and counted).")
    private int tapQueue = 1000;

    RtpEndpoint(String uri, RtpComponent component, String operation) {
        super(uri, component);
        if (!java.util.Set.of(RtpConstants.OPERATION_OPEN, RtpConstants.OPERATION_CLOSE, RtpConstants.OPERATION_PLAY, RtpConstants.OPERATION_QUEUE,
                RtpConstants.OPERATION_STOP, RtpConstants.OPERATION_STREAM, RtpConstants.OPERATION_MARK, RtpConstants.OPERATION_DTMF, RtpConstants.EVENTS, RtpConstants.AUDIO).contains(operation)) {
            throw new IllegalArgumentException("rtp:" + operation + " is not an operation; use open, close, play, queue, stream, mark, dtmf, stop, events or audio");
        }
        this.operation = operation;
    }

    @Override
    public RtpComponent getComponent() {
        return (RtpComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        if (RtpConstants.EVENTS.equals(operation) || RtpConstants.AUDIO.equals(operation)) {
            throw new IllegalArgumentException("rtp:" + operation + " can only be consumed (from), not sent to");
        }
        return new RtpProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        if (RtpConstants.AUDIO.equals(operation)) {
            AudioTap tap = new AudioTap(this, processor, tapQueue);
            configureConsumer(tap);
            return tap;
        }
        if (!RtpConstants.EVENTS.equals(operation)) {
            throw new IllegalArgumentException("Only rtp:events and rtp:audio can be consumed; rtp:" + operation + " is for sending");
        }
        RtpConsumer consumer = new RtpConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    public String getOperation() {
        return operation;
    }

    public String getSinks() {
        return sinks;
    }

    public void setSinks(String sinks) {
        this.sinks = sinks;
    }

    public int getTapQueue() {
        return tapQueue;
    }

    public void setTapQueue(int tapQueue) {
        this.tapQueue = tapQueue;
    }

    /** The sink factories named by {@link #getSinks()}, looked up in the registry. */
    java.util.List<MediaSinkFactory> sinkFactories() {
        java.util.List<MediaSinkFactory> factories = new java.util.ArrayList<>();
        for (String name : sinks.split(",")) {
            String trimmed = name.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            MediaSinkFactory factory = getCamelContext().getRegistry().lookupByNameAndType(trimmed, MediaSinkFactory.class);
            if (factory == null) {
                throw new IllegalArgumentException("rtp:open?sinks=" + sinks + ": no media sink named '" + trimmed + "' in the registry");
            }
            factories.add(factory);
        }
        return factories;
    }
}
