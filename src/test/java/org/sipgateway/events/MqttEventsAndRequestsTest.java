package org.sipgateway.events;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.sipgateway.support.GatewayTestSupport;
import org.sipgateway.support.Mosquitto;
import org.sipgateway.support.MqttTestClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MQTT both ways on Debian's mosquitto: a call request published on gateway/requests places a
 * call to the built-in test line (no file: it hangs up at once after the answer), and the call's
 * four states come back as JSON on gateway/calls.
 */
class MqttEventsAndRequestsTest extends GatewayTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private Mosquitto mosquitto;

    @Override
    protected void settings(Properties properties) {
        if (mosquitto == null) {
            mosquitto = Mosquitto.start();
        }
        properties.setProperty("gateway.events.uri", "paho-mqtt5:gateway/calls?brokerUrl=" + mosquitto.brokerUrl() + "&qos=1");
        properties.setProperty("gateway.requests.uri", "paho-mqtt5:gateway/requests?brokerUrl=" + mosquitto.brokerUrl() + "&qos=1");
    }

    @AfterAll
    void stopMosquitto() {
        context.stop();
        if (mosquitto != null) {
            mosquitto.close();
        }
    }

    @Test
    void aRequestInAndItsEventsOut() throws Exception {
        try (MqttTestClient mqtt = MqttTestClient.connect(mosquitto.brokerUrl())) {
            mqtt.subscribe("gateway/calls", 1);
            mqtt.publish("gateway/requests", "{\"target\":\"0912345678\",\"play\":[],\"hangupAfterPlay\":true}", 1);
            List<MqttTestClient.Message> events = mqtt.awaitMessages("gateway/calls", 4, Duration.ofSeconds(20));
            List<String> states = new java.util.ArrayList<>();
            String callId = null;
            for (MqttTestClient.Message message : events) {
                JsonNode event = JSON.readTree(message.payload());
                states.add(event.get("state").asText());
                assertTrue(event.get("session").asText().startsWith("request-"), message.payload());
                callId = callId == null ? event.get("callId").asText() : callId;
                assertEquals(callId, event.get("callId").asText(), "one call");
            }
            assertEquals(List.of("CALLING", "RINGING", "ANSWERED", "ENDED"), states);
            assertEquals("local-bye", JSON.readTree(events.get(3).payload()).get("cause").asText());
        }
    }
}
