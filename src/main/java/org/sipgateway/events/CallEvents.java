package org.sipgateway.events;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.sipgateway.log.ThrottledLog;
import org.sipgateway.media.G711Codec;
import org.sipgateway.recording.Recordings;
import org.sipgateway.rtp.RtpConstants;
import org.sipgateway.sip.CallEvent;
import org.sipgateway.sip.CallState;
import org.sipgateway.sip.SipCall;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bean {@code callEvents}: hands every call state change to the bus route
 * (routes/events.camel.yaml) through a bounded in-memory queue, without waiting. When the queue
 * is full (the broker is slow or down) the event is dropped, counted and logged (throttled), and
 * the call flow and its WebSocket client go on untouched. The bus route reports what its endpoint
 * could not take to {@link #failed}.
 */
public final class CallEvents {

    private static final Logger LOG = LoggerFactory.getLogger(CallEvents.class);
    static final int RECENT_CALLS = 1000;

    private final CamelContext context;
    private final String queueUri;
    private final Recordings recordings;
    private final ThrottledLog dropLog = new ThrottledLog(LOG);
    private final ThrottledLog failureLog = new ThrottledLog(LOG);
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile ProducerTemplate template;
    /** The latest state of recent calls, for the HTTP API; bounded, oldest out first. */
    private final java.util.Map<String, CallEventMessage> latest = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<String, CallEventMessage> eldest) {
                    return size() > RECENT_CALLS;
                }
            });
    private volatile java.util.function.Consumer<String> endedCause = cause -> { };

    /** {@code queueUri}: the seda endpoint the bus route consumes, with its size. */
    public CallEvents(CamelContext context, String queueUri, Recordings recordings) {
        this.context = context;
        this.queueUri = queueUri;
        this.recordings = recordings;
    }

    /** Called by the call-events route for each state, after rtp:close for ENDED (its counts are then set). */
    public void publish(Exchange exchange) {
        CallEventMessage message = describe(exchange.getMessage());
        if (message == null) {
            return;
        }
        latest.put(message.callId(), message);
        if ("ENDED".equals(message.state())) {
            endedCause.accept(message.cause());
        }
        // A template reports a full queue on the exchange it returns, not by throwing.
        Exchange sent = template().send(queueUri, ExchangePattern.InOnly, out -> {
            out.getMessage().setBody(message);
            out.getMessage().setHeader("kafka.KEY", message.callId());
            out.getMessage().setHeader(RtpConstants.CALL_ID, message.callId());
        });
        if (sent.getException() == null) {
            queued.incrementAndGet();
        } else {
            dropped.incrementAndGet();
            dropLog.warn("Call event {} of call {} dropped: the bus route's queue is full ({} dropped so far);"
                    + " the broker at gateway.events.uri is slow or down", message.state(), message.callId(), dropped.get());
        }
    }

    /** The calls not ended, each as its latest event, oldest first. */
    public java.util.List<CallEventMessage> activeCalls() {
        synchronized (latest) {
            return latest.values().stream().filter(m -> !"ENDED".equals(m.state())).toList();
        }
    }

    /** The latest event of a call up now or among the last {@value #RECENT_CALLS}; null if unknown. */
    public CallEventMessage latest(String callId) {
        return callId == null ? null : latest.get(callId);
    }

    /** Who counts the ended calls by cause (the metrics). */
    public void onEnded(java.util.function.Consumer<String> counter) {
        this.endedCause = counter;
    }

    /** The bus route's dead-letter step: its endpoint refused the event after the retries. */
    public void failed(Exchange exchange) {
        failed.incrementAndGet();
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        failureLog.warn("Call event of call {} not delivered to gateway.events.uri: {} ({} so far)",
                exchange.getMessage().getHeader(RtpConstants.CALL_ID), cause == null ? "unknown failure" : cause.toString(),
                failed.get());
    }

    CallEventMessage describe(Message in) {
        CallEvent event = in.getBody(CallEvent.class);
        if (event == null) {
            return null;
        }
        SipCall call = event.call();
        G711Codec codec = call == null ? null : call.codec();
        boolean ended = event.state() == CallState.ENDED;
        Long duration = null;
        String recording = null;
        if (ended) {
            duration = call == null ? 0L : call.answeredMillis();
            recording = call == null || call.answeredAtMillis() == 0 ? null : recordings.recordingName(event.callId());
        }
        return new CallEventMessage("call", event.callId(), event.owner(), event.state().name(), event.cause(),
                call == null ? null : call.requestUri(), codec == null ? null : codec.rtpName(), Instant.now().toString(),
                duration, ended ? count(in, RtpConstants.PACKETS_IN) : null, ended ? count(in, RtpConstants.PACKETS_OUT) : null,
                ended ? count(in, RtpConstants.PACKETS_LOST) : null, recording, call == null ? null : call.from());
    }

    private static Long count(Message in, String header) {
        Long value = in.getHeader(header, Long.class);
        return value == null ? 0L : value;
    }

    private ProducerTemplate template() {
        ProducerTemplate current = template;
        if (current == null) {
            synchronized (this) {
                if (template == null) {
                    template = context.createProducerTemplate();
                }
                current = template;
            }
        }
        return current;
    }

    public long queued() {
        return queued.get();
    }

    public long dropped() {
        return dropped.get();
    }

    public long failed() {
        return failed.get();
    }
}
