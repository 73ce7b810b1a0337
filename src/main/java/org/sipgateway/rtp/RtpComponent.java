package org.sipgateway.rtp;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;
import org.sipgateway.camel.EventConsumer;
import org.sipgateway.camel.EventSource;
import org.sipgateway.concurrent.SerialExecutor;
import org.sipgateway.log.LogContext;
import org.sipgateway.media.G711Codec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Call audio for Camel routes. The component owns the media clock that paces every call's
 * outbound packets and the per-call media sessions. {@code rtp:open} binds a call's RTP port by
 * instantiating a YAML route template (a camel-netty UDP consumer); {@code rtp:play} plays into
 * the call; {@code rtp:close} tears it down; {@code rtp:events} reports playbacks. Everything is
 * released in {@link #doStop}.
 */
@Component("rtp")
public final class RtpComponent extends DefaultComponent implements EventSource<MediaEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(RtpComponent.class);
    /** How long rtp:open waits for camel-netty to bind the call's socket. */
    private static final long BIND_WAIT_MILLIS = 5000;
    private static final int EVENT_THREADS = 2;
    /** Packets still in the receiver when the call ends are not worth waiting for. */
    private static final long STOP_WAIT_MILLIS = 100;

    private final boolean silenceWhenIdle;
    private final String bindHost;
    private final Map<Integer, MediaSession> byPort = new ConcurrentHashMap<>();
    private final Map<String, MediaSession> byCall = new ConcurrentHashMap<>();
    private final Map<Integer, CountDownLatch> binding = new ConcurrentHashMap<>();
    private final List<EventConsumer<MediaEvent>> consumers = new CopyOnWriteArrayList<>();
    private final MediaClock clock = new MediaClock();
    /** Camel's route model is not safe for concurrent adds and removes; calls set up in parallel take turns at it. */
    private final Object routes = new Object();
    private ExecutorService eventPool;

    public RtpComponent(boolean silenceWhenIdle, String bindHost) {
        this.silenceWhenIdle = silenceWhenIdle;
        this.bindHost = bindHost;
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
        clock.start();
    }

    @Override
    protected void doStop() throws Exception {
        for (String callId : List.copyOf(byCall.keySet())) {
            close(callId);
        }
        clock.stop();
        if (eventPool != null) {
            getCamelContext().getExecutorServiceManager().shutdownGraceful(eventPool);
            eventPool = null;
        }
        super.doStop();
    }

    /** Binds the call's RTP port through the receiver template and starts its outbound stream. */
    MediaSession open(CallMedia call, String template) throws Exception {
        MediaSession existing = byCall.get(call.callId());
        if (existing != null) {
            return existing;
        }
        if (call.ended()) {
            // Its port may already serve a new call: never bind it for one that is over.
            return null;
        }
        int port = call.localRtpPort();
        MediaSession session = new MediaSession(call, silenceWhenIdle, new SerialExecutor(eventPool), this::publish);
        CountDownLatch bound = new CountDownLatch(1);
        binding.put(port, bound);
        byPort.put(port, session);
        byCall.put(call.callId(), session);
        try {
            Map<String, Object> parameters = new HashMap<>();
            parameters.put("port", Integer.toString(port));
            parameters.put("host", bindHost);
            synchronized (routes) {
                getCamelContext().addRouteFromTemplate(routeId(port), template, parameters);
            }
            if (!bound.await(BIND_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("RTP port " + port + " was not bound within " + BIND_WAIT_MILLIS + " ms");
            }
        } catch (Exception e) {
            close(call.callId());
            throw e;
        } finally {
            binding.remove(port);
        }
        clock.add(session);
        try (LogContext context = LogContext.of(call.owner(), call.callId())) {
            LOG.info("RTP on port {} ({})", port, silenceWhenIdle ? "silence when idle" : "quiet when idle");
        }
        return session;
    }

    void bound(int port, Channel channel) {
        MediaSession session = byPort.get(port);
        if (session != null) {
            session.bind(channel);
        }
        CountDownLatch latch = binding.get(port);
        if (latch != null) {
            latch.countDown();
        }
    }

    /** Stops playback and sending, unbinds the port; safe to call twice. */
    void close(String callId) {
        MediaSession session = byCall.remove(callId);
        if (session == null) {
            return;
        }
        clock.remove(session);
        session.close("call ended");
        int port = session.call().localRtpPort();
        byPort.remove(port, session);
        try (LogContext context = LogContext.of(session.call().owner(), callId)) {
            try {
                getCamelContext().getRouteController().stopRoute(routeId(port), STOP_WAIT_MILLIS, TimeUnit.MILLISECONDS);
                synchronized (routes) {
                    getCamelContext().removeRoute(routeId(port));
                }
            } catch (Exception e) {
                LOG.warn("Could not remove the RTP receiver of port {}: {}", port, e.toString());
            }
            LOG.info("RTP closed: {}", session.summary());
        }
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

    void stop(String callId) {
        MediaSession session = byCall.get(callId);
        if (session != null) {
            session.stop("stopped");
        }
    }

    /** The session whose socket is this local port; null for none. */
    public MediaSession sessionOnPort(int port) {
        return byPort.get(port);
    }

    public MediaSession session(String callId) {
        return callId == null ? null : byCall.get(callId);
    }

    @Override
    public void addConsumer(EventConsumer<MediaEvent> consumer) {
        consumers.add(consumer);
    }

    @Override
    public void removeConsumer(EventConsumer<MediaEvent> consumer) {
        consumers.remove(consumer);
    }

    private void publish(MediaEvent event) {
        for (EventConsumer<MediaEvent> consumer : consumers) {
            consumer.onEvent(event);
        }
    }

    static String routeId(int port) {
        return "rtp-in-" + port;
    }
}
