package org.sipgateway.ws;

import io.vertx.core.http.ServerWebSocket;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.component.vertx.websocket.VertxWebsocketConfiguration;
import org.apache.camel.component.vertx.websocket.VertxWebsocketEndpoint;

/** Same URI and options as {@code vertx-websocket}; only the consumer and producer differ. */
final class GatewayWebsocketEndpoint extends VertxWebsocketEndpoint {

    GatewayWebsocketEndpoint(String uri, GatewayWebsocketComponent component, VertxWebsocketConfiguration configuration) {
        super(uri, component, configuration);
    }

    @Override
    public GatewayWebsocketComponent getComponent() {
        return (GatewayWebsocketComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        return new SessionWebsocketProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        OrderedWebsocketConsumer consumer = new OrderedWebsocketConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    /** The open server-side socket of a connection, on any host this component serves; null if none. */
    ServerWebSocket peer(String connectionKey) {
        return getComponent().findPeer(connectionKey);
    }
}
