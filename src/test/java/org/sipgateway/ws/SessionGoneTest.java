package org.sipgateway.ws;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.sipgateway.support.GatewayTestSupport;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A message to a session that is gone fails the exchange; it is never dropped silently. */
class SessionGoneTest extends GatewayTestSupport {

    private String producerUri() {
        return "vertx-websocket:127.0.0.1:" + wsPort + "/";
    }

    @Test
    void unknownSessionFails() {
        Exchange result = template.request(producerUri(),
                e -> {
                    e.getMessage().setHeader(WsConstants.CONNECTION_KEY, "no-such-session");
                    e.getMessage().setBody("CALL_STATE:CALLING");
                });
        assertInstanceOf(SessionGoneException.class, result.getException());
        assertTrue(result.getException().getMessage().contains("no-such-session"));
    }

    @Test
    void closedSessionFails() throws Exception {
        String[] key = new String[1];
        try (WsClient client = connect()) {
            client.send("HANGUP");
            client.next();
            key[0] = context.getRegistry().lookupByNameAndType("sessions", org.sipgateway.session.SessionRegistry.class)
                    .all().iterator().next().id();
        }
        Exchange result = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            result = template.request(producerUri(), e -> {
                e.getMessage().setHeader(WsConstants.CONNECTION_KEY, key[0]);
                e.getMessage().setBody("CALL_STATE:ENDED:local-bye");
            });
            if (result.getException() != null) {
                break;
            }
            Thread.sleep(20);
        }
        assertInstanceOf(SessionGoneException.class, result.getException());
    }
}
