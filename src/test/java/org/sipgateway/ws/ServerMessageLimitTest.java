package org.sipgateway.ws;

import java.time.Duration;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.sipgateway.session.SessionRegistry;
import org.sipgateway.support.GatewayTestSupport;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Clients refuse messages over 1 MiB, so the gateway never sends one; up to the limit goes through. */
class ServerMessageLimitTest extends GatewayTestSupport {

    private Exchange sendTo(String sessionId, String body) {
        return template.request("vertx-websocket:127.0.0.1:" + wsPort + "/", e -> {
            e.getMessage().setHeader(WsConstants.CONNECTION_KEY, sessionId);
            e.getMessage().setBody(body);
        });
    }

    @Test
    void oneMibIsTheLargestMessage() throws Exception {
        try (WsClient client = connect()) {
            client.send("HANGUP");
            client.next();
            String session = context.getRegistry().lookupByNameAndType("sessions", SessionRegistry.class).all().iterator().next().id();

            Exchange fits = sendTo(session, "x".repeat(WsConstants.MAX_SERVER_MESSAGE_BYTES));
            assertNull(fits.getException());
            assertEquals(WsConstants.MAX_SERVER_MESSAGE_BYTES, client.next().length());

            Exchange ascii = sendTo(session, "x".repeat(WsConstants.MAX_SERVER_MESSAGE_BYTES + 1));
            assertInstanceOf(IllegalArgumentException.class, ascii.getException());
            Exchange wide = sendTo(session, "\u00e9".repeat(WsConstants.MAX_SERVER_MESSAGE_BYTES / 2 + 1));
            assertInstanceOf(IllegalArgumentException.class, wide.getException(), "counted in UTF-8 bytes, not characters");
            client.assertNothingWithin(Duration.ofMillis(300));
        }
    }
}
