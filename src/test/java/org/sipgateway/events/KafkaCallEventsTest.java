package org.sipgateway.events;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.sipgateway.support.GatewayTestSupport;
import org.sipgateway.support.KafkaBroker;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Call events on a real Kafka broker (KRaft, in a JVM of its own), by configuration alone:
 * gateway.events.uri=kafka:calls?brokers=... A call's four states arrive in order, keyed by the
 * Call-ID, as JSON; ENDED with its figures.
 */
class KafkaCallEventsTest extends GatewayTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private KafkaBroker kafka;

    @Override
    protected void settings(Properties properties) {
        if (kafka == null) {
            kafka = KafkaBroker.start();
            kafka.createTopic("calls", 3);
        }
        properties.setProperty("gateway.events.uri", "kafka:calls?brokers=" + kafka.bootstrapServers());
    }

    @AfterAll
    void stopKafka() {
        // The gateway first, so its Kafka clients close while the broker is still there.
        context.stop();
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void aCallsEventsArriveInOrderKeyedByCallId() throws Exception {
        String callId;
        try (WsClient client = connect()) {
            callId = callTestLine(client);
            client.send("HANGUP");
            assertEquals("CALL_STATE:ENDED:local-bye", client.nextStartingWith("CALL_STATE:", WsClient.DEFAULT_WAIT));
        }
        List<KafkaBroker.Record> records = kafka.consume("calls", 4, Duration.ofSeconds(20));
        assertEquals(4, records.size(), records.toString());
        List<String> states = new java.util.ArrayList<>();
        for (KafkaBroker.Record record : records) {
            assertEquals(callId, record.key(), "keyed by the Call-ID, so one partition keeps the call's order");
            assertEquals(records.get(0).partition(), record.partition());
            JsonNode event = JSON.readTree(record.value());
            assertEquals(callId, event.get("callId").asText());
            states.add(event.get("state").asText());
        }
        assertEquals(List.of("CALLING", "RINGING", "ANSWERED", "ENDED"), states);
        JsonNode ended = JSON.readTree(records.get(3).value());
        assertEquals("local-bye", ended.get("cause").asText());
        assertTrue(ended.has("durationMillis") && ended.has("packetsIn") && ended.has("recording"), ended.toString());
    }
}
