package org.sipgateway.ws;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.vertx.websocket.VertxWebsocketConsumer;
import org.apache.camel.component.vertx.websocket.VertxWebsocketEvent;
import org.sipgateway.concurrent.SerialExecutor;
import org.sipgateway.log.LogContext;

/**
 * The stock consumer hands every message to Vert.x's worker pool unordered, so a client's
 * commands could overtake each other. This one queues each connection's events (OPEN, every
 * MESSAGE, then CLOSE) on that connection's own {@link SerialExecutor}: strictly in arrival
 * order per connection, in parallel across connections. A connection whose queue passes
 * {@code maxQueued} is paused (TCP back-pressure) until its queue drains to half. A binary frame
 * behind an idle queue may instead go straight to {@link BinaryFrames} on the event loop.
 */
final class OrderedWebsocketConsumer extends VertxWebsocketConsumer {

    private final GatewayWebsocketEndpoint endpoint;
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();

    OrderedWebsocketConsumer(GatewayWebsocketEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    @Override
    public void onMessage(String connectionKey, Object message, SocketAddress remote, RoutingContext routingContext) {
        if (message instanceof byte[] frame) {
            BinaryFrames fast = endpoint.getComponent().binaryFrames();
            Connection connection = connections.get(connectionKey);
            // Only behind an idle queue: an earlier command (CLEAR, AUDIO_FORMAT) is never overtaken.
            if (fast != null && connection != null && connection.queue.pending() == 0 && !connection.paused) {
                boolean taken;
                try (LogContext context = LogContext.of(connectionKey, null)) {
                    taken = fast.take(connectionKey, frame);
                }
                if (taken) {
                    return;
                }
            }
        }
        super.onMessage(connectionKey, message, remote, routingContext);
    }

    @Override
    protected void processExchange(Exchange exchange, RoutingContext routingContext) {
        ClientHeaders.apply(exchange, routingContext);
        String key = exchange.getMessage().getHeader(WsConstants.CONNECTION_KEY, String.class);
        Object event = exchange.getMessage().getHeader(WsConstants.EVENT);
        if (event instanceof VertxWebsocketEvent known) {
            exchange.getMessage().setHeader(WsConstants.EVENT_NAME, known.name());
        }
        boolean closing = event == VertxWebsocketEvent.CLOSE;
        if (event == VertxWebsocketEvent.OPEN && exchange.getMessage().getBody() instanceof ServerWebSocket socket) {
            endpoint.getComponent().opened(key, socket, FramingGuard.of(routingContext));
        }
        Connection connection = connections.computeIfAbsent(key,
                k -> new Connection(new SerialExecutor(endpoint.getComponent().workers())));
        connection.queue.execute(() -> run(key, exchange, connection, closing));
        if (!closing) {
            applyBackPressure(key, connection);
        }
    }

    private void run(String key, Exchange exchange, Connection connection, boolean closing) {
        try (LogContext context = LogContext.of(key, null)) {
            try {
                createUoW(exchange);
                getProcessor().process(exchange);
            } catch (Exception e) {
                exchange.setException(e);
            }
            if (exchange.getException() != null) {
                getExceptionHandler().handleException("Failed to handle WebSocket event", exchange, exchange.getException());
            }
            doneUoW(exchange);
            releaseExchange(exchange, false);
        } finally {
            if (closing) {
                connections.remove(key);
                endpoint.getComponent().closed(key);
            } else {
                releaseBackPressure(key, connection);
            }
        }
    }

    private void applyBackPressure(String key, Connection connection) {
        int high = endpoint.getComponent().maxQueuedMessages();
        if (connection.queue.pending() >= high && !connection.paused) {
            ServerWebSocket socket = endpoint.peer(key);
            if (socket != null) {
                connection.paused = true;
                socket.pause();
            }
        }
    }

    private void releaseBackPressure(String key, Connection connection) {
        int low = endpoint.getComponent().maxQueuedMessages() / 2;
        if (connection.paused && connection.queue.pending() <= low) {
            ServerWebSocket socket = endpoint.peer(key);
            connection.paused = false;
            if (socket != null) {
                socket.resume();
            }
        }
    }

    private static final class Connection {
        final SerialExecutor queue;
        volatile boolean paused;

        Connection(SerialExecutor queue) {
            this.queue = queue;
        }
    }
}
