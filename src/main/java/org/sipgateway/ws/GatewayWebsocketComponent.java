package org.sipgateway.ws;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.channel.EventLoop;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.component.vertx.websocket.VertxWebsocketComponent;
import org.apache.camel.component.vertx.websocket.VertxWebsocketConfiguration;
import org.apache.camel.component.vertx.websocket.VertxWebsocketEndpoint;
import org.apache.camel.component.vertx.websocket.VertxWebsocketHost;
import org.apache.camel.component.vertx.websocket.VertxWebsocketHostConfiguration;
import org.apache.camel.component.vertx.websocket.VertxWebsocketHostKey;
import org.apache.camel.component.vertx.websocket.VertxWebsocketPeer;
import org.apache.camel.spi.annotations.Component;
import org.sipgateway.config.GatewaySettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * camel-vertx-websocket with two changes the gateway relies on: each connection's messages are
 * processed strictly in arrival order (see {@link OrderedWebsocketConsumer}), and a send to a
 * session that is gone fails instead of being dropped (see {@link SessionWebsocketProducer}).
 * Registered under the scheme {@code vertx-websocket}, so routes keep the stock URI and options;
 * the annotation is what lets Camel find the stock option configurers for this subclass.
 */
@Component("vertx-websocket")
public final class GatewayWebsocketComponent extends VertxWebsocketComponent {

    private final int workerThreads;
    private final int maxQueuedMessages;
    private static final Logger LOG = LoggerFactory.getLogger(GatewayWebsocketComponent.class);

    private final Map<String, ServerWebSocket> sockets = new ConcurrentHashMap<>();
    private final Map<String, OutboundQueue> outbound = new ConcurrentHashMap<>();
    private final Map<String, EventLoop> loops = new ConcurrentHashMap<>();
    private final Map<String, FramingGuard> pipelines = new ConcurrentHashMap<>();
    private volatile int maxOutboundMessages = 1000;
    private volatile long handshakeTimeoutMillis = 10_000;
    private volatile long idleTimeoutMillis = 300_000;
    private volatile long maxMessageBytes = 2 * 1024 * 1024;
    private final AtomicLong slowClientDrops = new AtomicLong();
    private ExecutorService workers;
    private Handler<RoutingContext> handshakeGuard;
    private volatile BinaryFrames binaryFrames;

    public GatewayWebsocketComponent(int workerThreads, int maxQueuedMessages) {
        this.workerThreads = workerThreads;
        this.maxQueuedMessages = maxQueuedMessages;
        // Native epoll where the platform has it: a call's RTP socket can then live on its
        // session's event loop (SessionOutput#eventLoop), and that loop's timers are precise
        // enough to pace audio (NIO rounds its waits up to whole milliseconds).
        setVertxOptions(new VertxOptions().setPreferNativeTransport(true));
    }

    @Override
    protected VertxWebsocketEndpoint createEndpointInstance(String uri, VertxWebsocketConfiguration configuration) {
        return new GatewayWebsocketEndpoint(uri, this, configuration);
    }

    @Override
    protected void doStart() throws Exception {
        // GatewayConfiguration binds the settings before the routes start; a bare component (unit
        // tests) keeps the default.
        GatewaySettings settings = getCamelContext().getRegistry().lookupByNameAndType("settings", GatewaySettings.class);
        if (settings != null) {
            maxOutboundMessages = settings.wsMaxOutboundMessages();
            handshakeTimeoutMillis = settings.wsHandshakeTimeoutSeconds() * 1000L;
            idleTimeoutMillis = settings.wsIdleTimeoutSeconds() * 1000L;
            maxMessageBytes = settings.wsMaxMessageBytes();
        }
        workers = getCamelContext().getExecutorServiceManager()
                .newFixedThreadPool(this, "ws-session", workerThreads);
        super.doStart();
        installHandshakeGuard();
    }

    /** Audio messages dropped so far because their session's client read too slowly. */
    public long slowClientDrops() {
        return slowClientDrops.get();
    }

    /** True while a WebSocket listener of this component is bound (its route's consumer started). */
    public boolean listenerBound() {
        return isStarted() && !getVertxHostRegistry().isEmpty();
    }

    /**
     * Who may connect is decided on the component's Vert.x router (its {@code router} option), by
     * a handler ordered before the WebSocket route: it runs before the upgrade, so a refused client
     * gets a plain HTTP answer and never becomes a session.
     */
    /** The fast path for clients' binary frames; none (every frame through the routes) by default. */
    public void setBinaryFrames(BinaryFrames binaryFrames) {
        this.binaryFrames = binaryFrames;
    }

    BinaryFrames binaryFrames() {
        return binaryFrames;
    }

    public void setHandshakeGuard(Handler<RoutingContext> guard) {
        this.handshakeGuard = guard;
    }

    private void installHandshakeGuard() {
        if (handshakeGuard != null) {
            // A router configured by the user (camel.component.vertx-websocket.router) gets the guard too.
            Router router = getRouter() != null ? getRouter() : Router.router(getVertx());
            router.route().order(-1).handler(handshakeGuard);
            setRouter(router);
        }
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        if (workers != null) {
            getCamelContext().getExecutorServiceManager().shutdownGraceful(workers);
            workers = null;
        }
    }

    ExecutorService workers() {
        return workers;
    }

    @Override
    protected VertxWebsocketHost createVertxWebsocketHost(VertxWebsocketHostConfiguration hostConfiguration,
            VertxWebsocketHostKey hostKey) {
        return new GatewayWebsocketHost(getCamelContext(), hostConfiguration, hostKey, this);
    }

    long handshakeTimeoutMillis() {
        return handshakeTimeoutMillis;
    }

    /** 0: sessions never time out. */
    long idleTimeoutMillis() {
        return idleTimeoutMillis;
    }

    long maxMessageBytes() {
        return maxMessageBytes;
    }

    /** Messages a session may have waiting to be written before it counts as not reading. */
    int maxOutboundMessages() {
        return maxOutboundMessages;
    }

    void setMaxOutboundMessages(int maxOutboundMessages) {
        this.maxOutboundMessages = maxOutboundMessages;
    }

    /** A direct way to send to the session; null when it is not (or no longer) connected. */
    public SessionOutput output(String connectionKey) {
        ServerWebSocket socket = sockets.get(connectionKey);
        OutboundQueue queue = outbound.get(connectionKey);
        return socket == null || queue == null ? null
                : new SessionOutput(this, connectionKey, socket, queue, loops.get(connectionKey), pipelines.get(connectionKey));
    }

    /** The outbound record of a connection seen opening; null for unknown or finished ones. */
    OutboundQueue outbound(String connectionKey) {
        return outbound.get(connectionKey);
    }

    int maxQueuedMessages() {
        return maxQueuedMessages;
    }

    /** Counts messages dropped for a client whose socket is backed up; logs the 1st, then every 1000th. */
    void droppedForSlowClient(String connectionKey) {
        long dropped = slowClientDrops.incrementAndGet();
        if (dropped == 1 || dropped % 1000 == 0) {
            LOG.warn("Session {} is not reading fast enough: {} RTP line(s) dropped so far (all sessions)", connectionKey, dropped);
        }
    }

    /**
     * Runs on the connection's event loop, which is remembered for {@link SessionOutput#eventLoop()};
     * {@code pipeline}, the connection's guard (null if not found), for its direct writes.
     */
    void opened(String connectionKey, ServerWebSocket socket, FramingGuard pipeline) {
        sockets.put(connectionKey, socket);
        outbound.put(connectionKey, new OutboundQueue());
        if (pipeline != null) {
            pipelines.put(connectionKey, pipeline);
            loops.put(connectionKey, pipeline.context().channel().eventLoop());
        } else if (Vertx.currentContext() instanceof ContextInternal context && context.isEventLoopContext()) {
            loops.put(connectionKey, context.nettyEventLoop());
        }
    }

    void closed(String connectionKey) {
        sockets.remove(connectionKey);
        outbound.remove(connectionKey);
        loops.remove(connectionKey);
        pipelines.remove(connectionKey);
    }

    /** O(1) for connections seen opening; the host scan covers endpoints without connection events. */
    ServerWebSocket findPeer(String connectionKey) {
        ServerWebSocket known = sockets.get(connectionKey);
        if (known != null) {
            return known;
        }
        for (VertxWebsocketHost host : getVertxHostRegistry().values()) {
            VertxWebsocketPeer peer = host.getConnectedPeer(connectionKey);
            if (peer != null) {
                return peer.getWebSocket();
            }
        }
        return null;
    }
}
