package org.sipgateway.ws;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.netty.channel.Channel;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import org.apache.camel.CamelContext;
import org.apache.camel.component.vertx.common.VertxHelper;
import org.apache.camel.component.vertx.websocket.VertxWebsocketHost;
import org.apache.camel.component.vertx.websocket.VertxWebsocketHostConfiguration;
import org.apache.camel.component.vertx.websocket.VertxWebsocketHostKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stock host with two changes to how its HTTP server is started (routes and peers are the
 * stock ones):
 * <ul>
 * <li>one Vert.x server per event loop on the same port, so Vert.x spreads connections over the
 * loops. The stock host creates one server outside any verticle, which puts every connection on a
 * single event loop: one client flooding commands then delays every other session's audio;</li>
 * <li>each connection gets a {@link FramingGuard} in its Netty pipeline when it is accepted, for
 * the RFC 6455 checks and time limits Vert.x 4.5 has no option for. Vert.x offers no public hook
 * into the pipeline, hence the cast to its {@link ConnectionBase}.</li>
 * </ul>
 */
final class GatewayWebsocketHost extends VertxWebsocketHost {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayWebsocketHost.class);

    private final CamelContext camelContext;
    private final VertxWebsocketHostConfiguration configuration;
    private final VertxWebsocketHostKey key;
    private final GatewayWebsocketComponent component;
    private final List<HttpServer> servers = new ArrayList<>();
    private volatile int port;

    GatewayWebsocketHost(CamelContext camelContext, VertxWebsocketHostConfiguration configuration, VertxWebsocketHostKey key,
            GatewayWebsocketComponent component) {
        super(camelContext, configuration, key);
        this.camelContext = camelContext;
        this.configuration = configuration;
        this.key = key;
        this.component = component;
    }

    @Override
    public synchronized void start() throws Exception {
        if (!servers.isEmpty()) {
            return;
        }
        Vertx vertx = configuration.getVertx();
        Router router = configuration.getRouter();
        HttpServerOptions options = configuration.getServerOptions() == null
                ? new HttpServerOptions() : new HttpServerOptions(configuration.getServerOptions());
        if (configuration.getSslContextParameters() != null) {
            VertxHelper.setupSSLOptions(camelContext, configuration.getSslContextParameters(), options);
        }
        int listenPort = key.getPort();
        int loops = Math.max(2, Runtime.getRuntime().availableProcessors());
        for (int i = 0; i < loops; i++) {
            // A fresh event-loop context per server: getOrCreateContext() would return the same
            // (sticky) context for this thread every time.
            ContextInternal context = ((VertxInternal) vertx).createEventLoopContext();
            CompletableFuture<Integer> bound = new CompletableFuture<>();
            int portToUse = listenPort;
            context.runOnContext(v -> {
                HttpServer server = vertx.createHttpServer(options);
                server.connectionHandler(this::guard);
                server.requestHandler(router).listen(portToUse, key.getHost()).onComplete(result -> {
                    if (result.succeeded()) {
                        synchronized (servers) {
                            servers.add(server);
                        }
                        bound.complete(result.result().actualPort());
                    } else {
                        bound.completeExceptionally(result.cause());
                    }
                });
            });
            listenPort = bound.get();
        }
        port = listenPort;
        LOG.info("Vert.x HTTP server started on {}:{} ({} event loops)", key.getHost(), port, loops);
    }

    private void guard(HttpConnection connection) {
        if (connection instanceof ConnectionBase base) {
            Channel channel = base.channel();
            if (channel.pipeline().get("handler") != null && channel.pipeline().get(FramingGuard.NAME) == null) {
                channel.pipeline().addBefore("handler", FramingGuard.NAME, new FramingGuard(
                        component.handshakeTimeoutMillis(), component.idleTimeoutMillis(), component.maxMessageBytes(),
                        String.valueOf(connection.remoteAddress())));
            }
        }
    }

    @Override
    public synchronized void stop() throws java.util.concurrent.ExecutionException, InterruptedException {
        List<HttpServer> running;
        synchronized (servers) {
            running = new ArrayList<>(servers);
            servers.clear();
        }
        for (HttpServer server : running) {
            server.close().toCompletionStage().toCompletableFuture().get();
        }
        port = 0;
        super.stop();
    }

    @Override
    public int getPort() {
        return port;
    }
}
