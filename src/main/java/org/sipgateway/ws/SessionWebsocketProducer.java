package org.sipgateway.ws;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultAsyncProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the body to the one session named by {@link WsConstants#CONNECTION_KEY}. Unlike the stock
 * producer, which skips an unknown key without a word, a missing or closed socket fails the
 * exchange with {@link SessionGoneException}, so routes can see it. At most
 * {@code gateway.ws.max-outbound-messages} messages per session wait to be written: past that,
 * droppable ones (RTP lines) are dropped and counted, and any other closes the session with 1008.
 * Undelivered messages are logged once per session, never once per message.
 */
final class SessionWebsocketProducer extends DefaultAsyncProducer {

    private static final Logger LOG = LoggerFactory.getLogger(SessionWebsocketProducer.class);

    private final GatewayWebsocketEndpoint endpoint;

    SessionWebsocketProducer(GatewayWebsocketEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    private static io.vertx.core.Future<Void> writeBinary(ServerWebSocket socket, byte[] bytes, Exchange exchange) {
        if (bytes.length > WsConstants.MAX_SERVER_MESSAGE_BYTES) {
            exchange.setException(tooLarge(bytes.length));
            return null;
        }
        return socket.writeFinalBinaryFrame(Buffer.buffer(bytes));
    }

    /** Writes the String as it is; its UTF-8 size is only counted when it could be over the limit. */
    private static io.vertx.core.Future<Void> writeText(ServerWebSocket socket, Exchange exchange) {
        String text = exchange.getMessage().getBody(String.class);
        if ((long) text.length() * 3 > WsConstants.MAX_SERVER_MESSAGE_BYTES) {
            long size = utf8Length(text);
            if (size > WsConstants.MAX_SERVER_MESSAGE_BYTES) {
                exchange.setException(tooLarge(size));
                return null;
            }
        }
        return socket.writeFinalTextFrame(text);
    }

    private static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private static IllegalArgumentException tooLarge(long size) {
        return new IllegalArgumentException("Refusing to send a " + size + "-byte message: clients accept at most "
                + WsConstants.MAX_SERVER_MESSAGE_BYTES);
    }

    /**
     * A non-droppable message for a client that has {@code limit} messages unwritten: it stopped
     * reading, and queueing more would grow the heap with every command it sends (PROTOCOL.md §7:
     * close with 1008, one log line). The close frame queues behind the backlog; Vert.x closes
     * the TCP connection after its closing timeout if the client never reads it.
     */
    private static void closeNotReading(String key, ServerWebSocket socket, OutboundQueue queue, int limit) {
        if (queue.closeForNotReading()) {
            LOG.warn("Session {} is not reading: {} messages are waiting to be written (gateway.ws.max-outbound-messages={});"
                    + " closing it with 1008", key, queue.pending(), limit);
            socket.close((short) 1008, "not reading");
        }
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        Object body = exchange.getMessage().getBody();
        String key = exchange.getMessage().getHeader(WsConstants.CONNECTION_KEY, String.class);
        if (body == null) {
            callback.done(true);
            return true;
        }
        if (key == null || key.isEmpty()) {
            exchange.setException(new IllegalArgumentException(
                    "Header " + WsConstants.CONNECTION_KEY + " is required to address a session"));
            callback.done(true);
            return true;
        }
        ServerWebSocket socket = endpoint.peer(key);
        OutboundQueue queue = endpoint.getComponent().outbound(key);
        if (socket == null || socket.isClosed() || queue != null && queue.closedForNotReading()) {
            // The route logs this at DEBUG only: a client that vanished with thousands of replies
            // still to come gets one line here, not one per reply.
            if (queue != null && queue.reportOnce()) {
                LOG.info("Session {}: the client is gone; this and later messages to it are not delivered", key);
            }
            exchange.setException(new SessionGoneException(key, "the WebSocket is closed"));
            callback.done(true);
            return true;
        }
        int limit = endpoint.getComponent().maxOutboundMessages();
        boolean backedUp = socket.writeQueueFull() || queue != null && queue.pending() >= limit;
        if (backedUp && exchange.getMessage().getHeader(WsConstants.DROPPABLE, false, Boolean.class)) {
            endpoint.getComponent().droppedForSlowClient(key);
            callback.done(true);
            return true;
        }
        if (queue != null && queue.pending() >= limit) {
            closeNotReading(key, socket, queue, limit);
            exchange.setException(new SessionGoneException(key, "the client stopped reading and was closed"));
            callback.done(true);
            return true;
        }
        var written = body instanceof byte[] bytes ? writeBinary(socket, bytes, exchange) : writeText(socket, exchange);
        if (written != null && queue != null) {
            queue.queued();
            written.onComplete(result -> {
                queue.written();
                if (result.failed() && queue.reportOnce()) {
                    LOG.info("Session {}: messages queued for the client were not delivered ({}); later ones are not logged",
                            key, result.cause().toString());
                }
            });
        }
        // Done once the frame is queued: waiting for a client that stopped reading would hold a
        // shared thread (and with it other sessions' calls) for as long as that client hangs.
        callback.done(true);
        return true;
    }
}
