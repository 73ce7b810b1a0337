package org.sipgateway.support;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** {@link Mosquitto} is a real broker: camel-paho-mqtt5 publishes through it and receives from it. */
class MosquittoTest {

    private static Mosquitto mosquitto;

    @BeforeAll
    static void startBroker() {
        mosquitto = Mosquitto.start();
        System.out.println("Mosquitto " + mosquitto.brokerUrl() + " started in " + mosquitto.startupTime().toMillis()
                + " ms");
    }

    @AfterAll
    static void stopBroker() {
        if (mosquitto != null) {
            mosquitto.close();
        }
    }

    @Test
    void camelPublishesToAndSubscribesThroughTheBroker() throws Exception {
        String broker = "brokerUrl=" + mosquitto.brokerUrl() + "&qos=1";
        BlockingQueue<Exchange> arrived = new LinkedBlockingQueue<>();
        try (MqttTestClient client = MqttTestClient.connect(mosquitto.brokerUrl());
                DefaultCamelContext camel = new DefaultCamelContext()) {
            client.subscribe("proof/out/#", 1);
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:out").to("paho-mqtt5:proof/out/events?" + broker + "&clientId=proof-producer");
                    // The consumer's subscription is granted before the route counts as started.
                    from("paho-mqtt5:proof/in?" + broker + "&clientId=proof-consumer")
                            .process(exchange -> arrived.add(exchange.copy()));
                }
            });
            camel.start();

            camel.createProducerTemplate().sendBody("direct:out", "answered");
            List<MqttTestClient.Message> messages = client.awaitMessages("proof/out/events", 1, Duration.ofSeconds(10));
            assertEquals("answered", messages.get(0).payload());
            assertEquals(1, messages.get(0).qos());

            client.publish("proof/in", "ringing", 1);
            Exchange in = arrived.poll(10, TimeUnit.SECONDS);
            assertNotNull(in, "camel-paho-mqtt5 received nothing on proof/in\n" + mosquitto.diagnostics());
            assertEquals("ringing", in.getMessage().getBody(String.class));
        }
    }
}
