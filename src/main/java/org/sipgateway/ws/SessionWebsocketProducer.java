package org.sipgateway.ws;

import java.nio.charset.StandardCharsets;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultAsyncProducer;

/**
 * Sends the body to the one session named by {@link WsConstants#CONNECTION_KEY}. Unlike the stock
 * producer, which skips an unknown key without a word, a missing, closed or failing socket fails
 * the exchange with {@link SessionGoneException}, so routes can see and log it.
 */
final class SessionWebsocketProducer extends DefaultAsyncProducer {

    private final GatewayWebsocketEndpoint endpoint;

    SessionWebsocketProducer(GatewayWebsocketEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
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
        if (socket == null || socket.isClosed()) {
            exchange.setException(new SessionGoneException(key, "the WebSocket is closed"));
            callback.done(true);
            return true;
        }
        if (socket.writeQueueFull() && exchange.getMessage().getHeader(WsConstants.DROPPABLE, false, Boolean.class)) {
            endpoint.getComponent().droppedForSlowClient(key);
            callback.done(true);
            return true;
        }
        Buffer frame;
        boolean text = !(body instanceof byte[]);
        if (text) {
            frame = Buffer.buffer(exchange.getMessage().getBody(String.class), StandardCharsets.UTF_8.name());
        } else {
            frame = Buffer.buffer((byte[]) body);
        }
        if (frame.length() > WsConstants.MAX_SERVER_MESSAGE_BYTES) {
            exchange.setException(new IllegalArgumentException("Refusing to send a " + frame.length()
                    + "-byte message: clients accept at most " + WsConstants.MAX_SERVER_MESSAGE_BYTES));
            callback.done(true);
            return true;
        }
        var written = text ? socket.writeFinalTextFrame(frame.toString(StandardCharsets.UTF_8))
                : socket.writeFinalBinaryFrame(frame);
        written.onComplete(result -> {
            if (result.failed()) {
                exchange.setException(new SessionGoneException(key, String.valueOf(result.cause())));
            }
            callback.done(false);
        });
        return false;
    }
}
