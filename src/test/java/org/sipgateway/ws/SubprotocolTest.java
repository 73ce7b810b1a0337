package org.sipgateway.ws;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.GatewayTestSupport;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SubprotocolTest extends GatewayTestSupport {

    @Test
    void selectsTheProtocolWhenOffered() throws Exception {
        try (WsClient client = connect()) {
            assertEquals("sip-audio-protocol", client.subprotocol());
            client.send("HANGUP");
            assertEquals("ERROR:no-call:no active call to hang up", client.next());
        }
    }

    @Test
    void acceptsClientsThatOfferNone() throws Exception {
        try (WsClient client = WsClient.connect(wsPort)) {
            assertEquals("", client.subprotocol());
            client.send("HANGUP");
            assertEquals("ERROR:no-call:no active call to hang up", client.next());
        }
    }

    @Test
    void answersPings() throws Exception {
        try (WsClient client = connect()) {
            byte[] payload = {1, 2, 3, 4};
            client.ping(payload);
            var pong = client.awaitPong(WsClient.DEFAULT_WAIT);
            byte[] echoed = new byte[pong.remaining()];
            pong.get(echoed);
            assertTrue(java.util.Arrays.equals(payload, echoed));
        }
    }
}
