package org.sipgateway.ws;

import java.util.List;
import java.util.Map;

import io.vertx.ext.web.RoutingContext;
import org.apache.camel.Exchange;
import org.sipgateway.access.ClientIdentity;

/**
 * Puts the handshake's {@link ClientIdentity} on every event exchange of a connection, and takes
 * out what the stock consumer copied from the query string: {@code ?token=} must never reach a
 * route (or a log line), and a query parameter must not pose as a gateway or Camel header
 * ({@code ?GatewayClientName=admin}).
 */
final class ClientHeaders {

    private ClientHeaders() {
    }

    static void apply(Exchange exchange, RoutingContext routingContext) {
        Map<String, Object> headers = exchange.getMessage().getHeaders();
        if (routingContext != null) {
            for (String name : routingContext.queryParams().names()) {
                Object value = headers.get(name);
                if (isStockHeader(name) && value instanceof List<?> values && !values.isEmpty()) {
                    // The stock consumer appends a colliding query value after its own: keep its own.
                    headers.put(name, values.get(0));
                } else if (!isStockHeader(name)) {
                    headers.remove(name);
                }
            }
        }
        ClientIdentity client = routingContext == null ? null : routingContext.get(ClientIdentity.KEY);
        if (client == null) {
            headers.remove(WsConstants.CLIENT_NAME);
            headers.remove(WsConstants.CLIENT_HAS_TOKEN);
            return;
        }
        headers.put(WsConstants.CLIENT_NAME, client.name());
        headers.put(WsConstants.CLIENT_HAS_TOKEN, client.hasToken());
    }

    private static boolean isStockHeader(String name) {
        return name.equalsIgnoreCase(WsConstants.CONNECTION_KEY) || name.equalsIgnoreCase(WsConstants.EVENT)
                || name.equalsIgnoreCase(WsConstants.REMOTE_ADDRESS);
    }
}
