package org.sipgateway.rtp;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;
import org.sipgateway.camel.EventConsumer;
import org.sipgateway.camel.EventFanout;
import org.sipgateway.camel.EventSource;
import org.sipgateway.concurrent.SerialExecutor;
import org.sipgateway.log.LogContext;
import org.sipgateway.media.G711Codec;
import org.sipgateway.rtp.pipeline.InboundPipeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Call audio for Camel routes. The component owns the UDP sockets of every call on one event-loop
 * group ({@link RtpTransport}), the per-loop media clocks, and the per-call media sessions.
 * {@code rtp:open} binds the call's port and builds its receive pipeline with the sinks the route
 * names; no route is created per call, so set-up and tear-down cost the same at any call count.
 * {@code rtp:play} plays into the call, {@code rtp:close} tears it down, {@code rtp:events}
 * reports playbacks and sink failures, {@code rtp:audio} taps every call's audio.
 * Everything is released in {@link #doStop}.
 */
@Component("rtp")
public final class RtpComponent extends DefaultComponent implements EventSource<MediaEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(RtpComponent.class);
    private static final int EVENT_THREADS = 2;
    private static final long LATENCY_REPORT_SECONDS = 10;
    private static final long CLOSE_WAIT_MILLIS = 1000;

    private final boolean silenceWhenIdle;
    private final PacingOptions pacing;
    private final FlowLimits flow;
    private final String bindHost;
    private final int threads;
    private final Map<String, MediaSession> byCall = new ConcurrentHashMap<>();
    /** Packets of the calls already closed; the metrics add those of the calls up now. */
    private final java.util.concurrent.atomic.AtomicLong closedReceived = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong closedSent = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong closedDropped = new java.util.concurrent.atomic.AtomicLong();
    /** Binds tried per call: its own port, then fresh ones while the offer has not left. */
    private static final int MAX_BIND_ATTEMPTS = 3;

    private final EventFanout<MediaEvent> events = new EventFanout<>("media events");
    private final List<AudioTap> taps = new CopyOnWriteArrayList<>();
    private final LatencyHistogram clientLatency = new LatencyHistogram();
    private ExecutorService eventPool;
    private RtpTransport transport;
    private java.util.concurrent.ScheduledExecutorService reporter;

    public RtpComponent(boolean silenceWhenIdle, String bindHost, int threads, PacingOptions pacing, FlowLimits flow) {
        this.flow = flow;
        this.pacing = pacing;
        this.silenceWhenIdle = silenceWhenIdle;
        this.bindHost = bindHost;
        this.threads = threads;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        RtpEndpoint endpoint = new RtpEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        eventPool = getCamelContext().getExecutorServiceManager().newFixedThreadPool(this, "rtp-events", EVENT_THREADS);
        transport = new RtpTransport(threads, pacing);
        reporter = getCamelContext().getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "rtp-latency-report");
        reporter.scheduleAtFixedRate(this::reportLatency, LATENCY_REPORT_SECONDS, LATENCY_REPORT_SECONDS, TimeUnit.SECONDS);
        LOG.info("RTP sockets on {} thread(s), {} transport", threads, transport.kind());
    }

    @Override
    protected void doStop() throws Exception {
        for (String callId : List.copyOf(byCall.keySet())) {
            close(callId);
        }
        if (reporter != null) {
            getCamelContext().getExecutorServiceManager().shutdownNow(reporter);
            reporter = null;
        }
        reportLatency();
        if (transport != null) {
            transport.shutdown();
            transport = null;
        }
        if (eventPool != null) {
            getCamelContext().getExecutorServiceManager().shutdownGraceful(eventPool);
            eventPool = null;
        }
        super.doStop();
    }

    /** Whether the bind failed because the port is in use (NIO and epoll say it differently). */
    static boolean portTaken(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof java.net.BindException
                    || (cause.getMessage() != null && cause.getMessage().contains("Address already in use"))) {
                return true;
            }
        }
        return false;
    }

    /** Binds the call's RTP port with its pipeline and starts its outbound stream. */
    MediaSession open(CallMedia call, List<MediaSinkFactory> sinkFactories) throws Exception {
        MediaSession existing = byCall.get(call.callId());
        if (existing != null) {
            return existing;
        }
        if (call.ended()) {
            // Its port may already serve a new call: never bind it for one that is over.
            return null;
        }
        MediaSession session = new MediaSession(call, silenceWhenIdle, new SerialExecutor(eventPool), this::publish);
        List<MediaSink> sinks = new ArrayList<>();
        io.netty.channel.EventLoop preferred = null;
        for (MediaSinkFactory factory : sinkFactories) {
            if (preferred == null) {
                preferred = factory.preferredLoop(call);
            }
            sinks.add(factory.open(call, reason -> publish(new MediaEvent(MediaEvent.Type.FAILED, call.callId(), call.owner(), null, reason))));
        }
        for (AudioTap tap : taps) {
            sinks.add(tap.open(call));
        }
        InboundPipeline pipeline = new InboundPipeline(call, sinks);
        Channel channel = null;
        for (int attempt = 1; channel == null; attempt++) {
            int port = call.localRtpPort();
            try {
                channel = transport.bind(InetAddress.getByName(bindHost), port, pipeline, preferred);
            } catch (Exception e) {
                // Another process on this host may bind a port between the pool's look and ours.
                int moved = attempt < MAX_BIND_ATTEMPTS && portTaken(e) ? call.movePort() : -1;
                if (moved < 0) {
                    pipeline.finish();
                    throw e;
                }
                try (LogContext context = LogContext.of(call.owner(), call.callId())) {
                    LOG.info("RTP port {} was taken by another process; the call uses {}", port, moved);
                }
            }
        }
        session.bind(channel, pipeline);
        byCall.put(call.callId(), session);
        transport.clockOf(channel).add(session);
        try (LogContext context = LogContext.of(call.owner(), call.callId())) {
            LOG.debug("RTP on port {} ({})", call.localRtpPort(), silenceWhenIdle ? "silence when idle" : "quiet when idle");
        }
        return session;
    }

    /** Stops playback and sending, closes the socket; safe to call twice. */
    /** Calls with media open now. */
    public int mediaCount() {
        return byCall.size();
    }

    /** RTP packets received on every call so far (accepted by the pipeline). */
    public long packetsReceived() {
        return closedReceived.get() + byCall.values().stream().mapToLong(s -> s.inbound() == null ? 0 : s.inbound().received()).sum();
    }

    public long packetsSent() {
        return closedSent.get() + byCall.values().stream().mapToLong(MediaSession::sent).sum();
    }

    /** Malformed, from an unexpected source, or of a foreign stream. */
    public long packetsDropped() {
        return closedDropped.get() + byCall.values().stream().mapToLong(s -> s.inbound() == null ? 0 : s.inbound().droppedTotal()).sum();
    }

    /** Tears the call's media down; returns its session, for its final counts (null: none). */
    MediaSession close(String callId) {
        MediaSession session = byCall.remove(callId);
        if (session == null) {
            return null;
        }
        session.close("call ended");
        Channel channel = session.channel();
        transport.clockOf(channel).remove(session);
        Runnable finish = () -> {
            session.release();
            session.inbound().finish();
            channel.close();
            try (LogContext context = LogContext.of(session.call().owner(), callId)) {
                LOG.info("RTP closed: {}", session.summary());
            }
        };
        session.inbound().stop();
        closedReceived.addAndGet(session.inbound().received());
        closedSent.addAndGet(session.sent());
        closedDropped.addAndGet(session.inbound().droppedTotal());
        try {
            // Waited for (briefly), so the call's ENDED goes to its owner after its last audio.
            if (channel.eventLoop().inEventLoop()) {
                finish.run();
            } else {
                channel.eventLoop().submit(finish).await(CLOSE_WAIT_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // The loop (a session's, at shutdown) is already gone: nothing else runs on this call's pipeline.
            finish.run();
        }
        return session;
    }

    void play(String callId, String fileName, short[] pcm8k) throws RtpException {
        MediaSession session = byCall.get(callId);
        if (session == null) {
            throw new RtpException(RtpException.NO_CALL, "the call has no media");
        }
        G711Codec codec = session.call().codec();
        if (codec == null || session.call().sendTo() == null) {
            throw new RtpException(RtpException.NO_CALL, "the call is not answered yet, or the far end does not receive audio");
        }
        session.play(fileName, pcm8k, codec);
    }

    /** A file after what the call has queued (rtp:queue); it starts when everything before it has played. */
    void queue(String callId, String fileName, short[] pcm8k) throws RtpException {
        MediaSession session = byCall.get(callId);
        G711Codec codec = session == null ? null : session.call().codec();
        if (codec == null || session.call().sendTo() == null) {
            throw new RtpException(RtpException.NO_CALL, "the call is not answered yet, or the far end does not receive audio");
        }
        session.append(fileName, pcm8k, codec);
    }

    /**
     * Samples of client audio the call can take now without a refusal; -1 when it cannot take
     * any (no such call, not answered, ended). For the binary-frame fast path, which leaves
     * everything else to {@code rtp:stream}.
     */
    public long streamRoom(String callId) {
        MediaSession session = byCall.get(callId);
        if (session == null || session.call().codec() == null || session.call().sendTo() == null) {
            return -1;
        }
        return session.streamRoom(flow);
    }

    /** A piece of the client's own audio into the call's outbound queue, after what is queued. */
    public void stream(String callId, short[] pcm8k) throws RtpException {
        MediaSession session = byCall.get(callId);
        G711Codec codec = session == null ? null : session.call().codec();
        if (codec == null || session.call().sendTo() == null) {
            throw new RtpException(RtpException.NO_CALL, "the call is not answered yet, or the far end does not receive audio");
        }
        session.stream(pcm8k, codec, flow);
    }

    /** SEND_DTMF: refused when the far end's SDP accepted no telephone-event. */
    void dtmf(String callId, String digits) throws RtpException {
        MediaSession session = byCall.get(callId);
        if (session == null || session.call().sendTo() == null) {
            throw new RtpException(RtpException.NO_CALL, "the call is not answered yet, or the far end does not receive audio");
        }
        if (session.call().telephoneEventPayloadType() < 0) {
            throw new RtpException(RtpException.NO_DTMF, "the far end did not accept telephone-event (RFC 4733)");
        }
        session.dtmf(digits);
    }

    /** A client's MARK after what the call has queued. */
    void mark(String callId, String name) throws RtpException {
        MediaSession session = byCall.get(callId);
        if (session == null) {
            throw new RtpException(RtpException.NO_CALL, "the call has no media");
        }
        session.mark(name);
    }

    void stop(String callId) {
        MediaSession session = byCall.get(callId);
        if (session != null) {
            session.stop("stopped");
        }
    }

    public MediaSession session(String callId) {
        return callId == null ? null : byCall.get(callId);
    }

    /** Calls with media now. */
    public int sessions() {
        return byCall.size();
    }

    /** Received RTP to WebSocket write, recorded by the session sink. */
    public LatencyHistogram clientLatency() {
        return clientLatency;
    }

    private void reportLatency() {
        LatencyHistogram.Snapshot snapshot = clientLatency.drain();
        if (snapshot.count() > 0) {
            LOG.info("Media latency (RTP arrival -> WebSocket write): n={} p50={}us p99={}us max={}us", snapshot.count(),
                    snapshot.quantileMicros(0.5), snapshot.quantileMicros(0.99), snapshot.maxMicros());
        }
    }

    void addTap(AudioTap tap) {
        taps.add(tap);
    }

    void removeTap(AudioTap tap) {
        taps.remove(tap);
    }

    @Override
    public void addConsumer(EventConsumer<MediaEvent> consumer) {
        events.addConsumer(consumer);
    }

    @Override
    public void removeConsumer(EventConsumer<MediaEvent> consumer) {
        events.removeConsumer(consumer);
    }

    private void publish(MediaEvent event) {
        events.publish(event);
    }
}
