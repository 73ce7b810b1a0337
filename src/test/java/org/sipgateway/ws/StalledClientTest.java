package org.sipgateway.ws;

import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Promise;
import io.vertx.core.http.ServerWebSocket;
import org.apache.camel.Exchange;
import org.apache.camel.component.vertx.websocket.VertxWebsocketConfiguration;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that stopped reading never completes a write. Sending to it must still finish at
 * once: the threads that send call states and replies are shared by every session, and waiting
 * on one stalled client held up everyone's calls.
 */
class StalledClientTest {

    /** A socket whose writes are accepted into the queue but never complete. */
    private static ServerWebSocket stalledSocket(AtomicInteger writes) {
        return (ServerWebSocket) Proxy.newProxyInstance(StalledClientTest.class.getClassLoader(),
                new Class<?>[] {ServerWebSocket.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "isClosed", "writeQueueFull" -> false;
                    case "writeFinalTextFrame", "writeFinalBinaryFrame" -> {
                        writes.incrementAndGet();
                        yield Promise.<Void>promise().future();
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void aSendToAStalledClientCompletesAtOnce() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            GatewayWebsocketComponent component = new GatewayWebsocketComponent(1, 16);
            component.setCamelContext(context);
            GatewayWebsocketEndpoint endpoint = new GatewayWebsocketEndpoint("vertx-websocket:x", component,
                    new VertxWebsocketConfiguration());
            AtomicInteger writes = new AtomicInteger();
            component.opened("stalled", stalledSocket(writes), null);
            SessionWebsocketProducer producer = new SessionWebsocketProducer(endpoint);

            for (int i = 0; i < 3; i++) {
                Exchange exchange = new DefaultExchange(context);
                exchange.getMessage().setHeader(WsConstants.CONNECTION_KEY, "stalled");
                exchange.getMessage().setBody("CALL_STATE:ENDED:local-bye");
                AtomicBoolean done = new AtomicBoolean();
                boolean synchronous = producer.process(exchange, doneSync -> done.set(true));
                assertTrue(synchronous, "completed on the calling thread");
                assertTrue(done.get(), "the callback ran without waiting for the client");
                assertNull(exchange.getException());
            }
            assertEquals(3, writes.get(), "every message was queued for the client");
        }
    }
}
