package org.sipgateway.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.sipgateway.support.GatewayTestSupport;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PROTOCOL.md §8: every state of a call goes to gateway.events.uri as one JSON message, in order,
 * keyed by the Call-ID; ENDED carries the duration, the packet counts and the recording. Here the
 * endpoint is an in-process queue the test reads; the bus tests put real brokers behind it.
 */
class CallEventJsonTest extends GatewayTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected void settings(Properties properties) {
        properties.setProperty("gateway.events.uri", "seda:captured-events");
    }

    @Test
    void aCallsStatesArriveInOrderAsJson() throws Exception {
        ConsumerTemplate events = context.createConsumerTemplate();
        String callId;
        try (WsClient client = connect()) {
            callId = callTestLine(client);
            // Long enough for the test line's echo to bring packets both ways.
            client.nextStartingWith("RTP:", WsClient.DEFAULT_WAIT);
            for (int i = 0; i < 20; i++) {
                client.nextStartingWith("RTP:", WsClient.DEFAULT_WAIT);
            }
            client.send("HANGUP");
            assertEquals("CALL_STATE:ENDED:local-bye", client.nextStartingWith("CALL_STATE:", WsClient.DEFAULT_WAIT));
        }
        List<JsonNode> received = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Exchange exchange = events.receive("seda:captured-events", 10_000);
            assertNotNull(exchange, "event " + (i + 1) + " of 4 arrived");
            received.add(JSON.readTree(exchange.getMessage().getBody(String.class)));
            keys.add(exchange.getMessage().getHeader("kafka.KEY", String.class));
        }
        assertEquals(List.of("CALLING", "RINGING", "ANSWERED", "ENDED"), received.stream().map(n -> n.get("state").asText()).toList());
        assertEquals(List.of(callId, callId, callId, callId), keys, "keyed by the Call-ID");
        for (JsonNode event : received) {
            assertEquals("call", event.get("type").asText());
            assertEquals(callId, event.get("callId").asText());
            assertTrue(event.get("session").asText().length() > 0, event.toString());
            assertTrue(event.get("target").asText().startsWith("sip:0912345678@"), event.toString());
            assertTrue(event.has("cause"), "cause is always there, null but for ENDED: " + event);
            assertTrue(java.time.Instant.parse(event.get("at").asText()) != null);
        }
        JsonNode answered = received.get(2);
        assertEquals("PCMU", answered.get("codec").asText());
        assertTrue(answered.get("cause").isNull());
        assertTrue(!answered.has("durationMillis") && !answered.has("packetsIn"), "ENDED figures only on ENDED: " + answered);

        JsonNode ended = received.get(3);
        assertEquals("local-bye", ended.get("cause").asText());
        assertTrue(ended.get("durationMillis").asLong() >= 400, ended.toString());
        assertTrue(ended.get("packetsIn").asLong() >= 20, ended.toString());
        assertTrue(ended.get("packetsOut").asLong() >= 20, ended.toString());
        assertEquals(0, ended.get("packetsLost").asLong(), ended.toString());
        assertTrue(ended.get("recording").asText().endsWith(".wav") && ended.get("recording").asText().contains(callId.substring(0, 8)),
                ended.toString());
    }
}
