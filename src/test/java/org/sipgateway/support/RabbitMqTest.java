package org.sipgateway.support;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.amqp.AMQPComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link RabbitMq} is a real AMQP 1.0 broker: camel-amqp sends through it and receives from it. */
class RabbitMqTest {

    /** RabbitMQ's line when a channel process crashes, as it does on a drain (see {@link RabbitMq}). */
    private static final String CRASH = "** Generic server";

    private static RabbitMq rabbit;

    @BeforeAll
    static void startBroker() {
        rabbit = RabbitMq.start();
        System.out.println("RabbitMq " + rabbit.amqpUri() + " (" + rabbit.nodeName() + ") started in "
                + rabbit.startupTime().toMillis() + " ms");
    }

    @AfterAll
    static void stopBroker() {
        if (rabbit != null) {
            long stopping = System.nanoTime();
            rabbit.close();
            System.out.println("RabbitMq stopped in " + (System.nanoTime() - stopping) / 1_000_000 + " ms");
        }
    }

    @Test
    void camelSendsToAndReceivesFromTheBroker() throws Exception {
        // Configured as camel.component.amqp.brokerUrl would be: the component builds its Qpid
        // JMS connection factory from the URL.
        AMQPComponent amqp = new AMQPComponent();
        amqp.setBrokerUrl(rabbit.brokerUrl());
        BlockingQueue<Exchange> arrived = new LinkedBlockingQueue<>();
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.addComponent("amqp", amqp);
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:out").to("amqp:queue:proof-out");
                    from("amqp:queue:proof-in").process(exchange -> arrived.add(exchange.copy()));
                }
            });
            camel.start();

            camel.createProducerTemplate().sendBody("direct:out", "answered");
            assertEquals("answered", rabbit.receive("proof-out"));

            // Nothing there: the helper's receive times out cleanly, and meanwhile the idle Camel
            // consumer's 1 s receives time out too, neither of them draining.
            AssertionError empty = assertThrows(AssertionError.class,
                    () -> rabbit.receive("proof-empty", Duration.ofMillis(1500)));
            assertTrue(empty.getMessage().startsWith("no message on proof-empty"), empty.getMessage());

            rabbit.send("proof-in", "ringing");
            Exchange in = arrived.poll(20, TimeUnit.SECONDS);
            assertNotNull(in, "camel-amqp received nothing on proof-in\n" + rabbit.diagnostics());
            assertEquals("ringing", in.getMessage().getBody(String.class));
        }
        assertFalse(rabbit.log().contains(CRASH), "a RabbitMQ process crashed:\n" + rabbit.diagnostics());
    }
}
