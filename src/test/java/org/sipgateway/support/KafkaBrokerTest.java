package org.sipgateway.support;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** {@link KafkaBroker} is a real broker: camel-kafka sends a record through it and reads one from it. */
class KafkaBrokerTest {

    private static KafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = KafkaBroker.start();
        System.out.println("KafkaBroker " + broker.bootstrapServers() + " started in "
                + broker.startupTime().toMillis() + " ms");
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            long stopping = System.nanoTime();
            broker.close();
            System.out.println("KafkaBroker stopped in " + (System.nanoTime() - stopping) / 1_000_000 + " ms");
        }
    }

    @Test
    void camelProducesToAndConsumesFromTheBroker() throws Exception {
        broker.createTopic("proof-out", 2);
        assertEquals(2, broker.partitions("proof-out").size(), "createTopic made the partitions asked for");
        String brokers = "brokers=" + broker.bootstrapServers();
        BlockingQueue<Exchange> arrived = new LinkedBlockingQueue<>();
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:out").to("kafka:proof-out?" + brokers);
                    // earliest: a record sent before the group's partitions are assigned is still read.
                    from("kafka:proof-in?" + brokers + "&groupId=proof&autoOffsetReset=earliest&pollTimeoutMs=500")
                            .process(exchange -> arrived.add(exchange.copy()));
                }
            });
            camel.start();

            camel.createProducerTemplate().sendBodyAndHeader("direct:out", "answered", KafkaConstants.KEY, "call-1");
            List<KafkaBroker.Record> records = broker.consume("proof-out", 1, Duration.ofSeconds(20));
            assertEquals(1, records.size(), records.toString());
            assertEquals("call-1", records.get(0).key());
            assertEquals("answered", records.get(0).value());

            broker.send("proof-in", "call-2", "ringing");
            Exchange in = arrived.poll(30, TimeUnit.SECONDS);
            assertNotNull(in, "camel-kafka consumed nothing from proof-in\n" + broker.diagnostics());
            assertEquals("ringing", in.getMessage().getBody(String.class));
            assertEquals("call-2", in.getMessage().getHeader(KafkaConstants.KEY, String.class));
            assertEquals("proof-in", in.getMessage().getHeader(KafkaConstants.TOPIC, String.class));
        }
    }
}
