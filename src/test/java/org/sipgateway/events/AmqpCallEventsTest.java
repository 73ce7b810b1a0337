package org.sipgateway.events;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.sipgateway.support.FreePorts;
import org.sipgateway.support.GatewayProcess;
import org.sipgateway.support.RabbitMq;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Call events over AMQP 1.0 to Debian's RabbitMQ (its AMQP 1.0 plugin), configured as a user
 * would, by settings alone (a Qpid JMS connection factory from camel.beans.*, the component's
 * connection-factory, gateway.events.uri=amqp:queue:calls),
 * on a gateway process of its own. A call's four states arrive on the queue in order.
 */
class AmqpCallEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aCallsEventsArriveOnTheQueue() throws Exception {
        try (RabbitMq rabbit = RabbitMq.start()) {
            int wsPort = FreePorts.tcp();
            Map<String, String> settings = new java.util.HashMap<>();
            settings.put("gateway.ws.port", Integer.toString(wsPort));
            settings.put("gateway.ws.host", "127.0.0.1");
            settings.put("gateway.sip.bind-host", "127.0.0.1");
            settings.put("gateway.sip.port", Integer.toString(FreePorts.udpAndTcp()));
            settings.put("gateway.upload.dir", Files.createTempDirectory("gw-up").toString());
            settings.put("gateway.recording.dir", Files.createTempDirectory("gw-rec").toString());
            // camel-amqp takes a Qpid JMS connection factory; camel-main makes one from settings.
            settings.put("camel.beans.amqpConnectionFactory", "#class:org.apache.qpid.jms.JmsConnectionFactory");
            settings.put("camel.beans.amqpConnectionFactory.remoteURI", rabbit.amqpUri());
            settings.put("camel.beans.amqpConnectionFactory.username", RabbitMq.USERNAME);
            settings.put("camel.beans.amqpConnectionFactory.password", RabbitMq.PASSWORD);
            settings.put("camel.component.amqp.connection-factory", "#bean:amqpConnectionFactory");
            settings.put("gateway.events.uri", "amqp:queue:calls");
            try (GatewayProcess gateway = GatewayProcess.start(settings, Duration.ofSeconds(30));
                 WsClient client = WsClient.connect(wsPort, "sip-audio-protocol")) {
                client.send("CALL:0912345678");
                client.nextStartingWith("CALL_STATE:ANSWERED", WsClient.DEFAULT_WAIT);
                client.send("HANGUP");
                assertEquals("CALL_STATE:ENDED:local-bye", client.nextStartingWith("CALL_STATE:", WsClient.DEFAULT_WAIT));
                List<String> states = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    String message;
                    try {
                        message = rabbit.receive("calls", Duration.ofSeconds(15));
                    } catch (AssertionError e) {
                        throw new AssertionError("event " + (i + 1) + " of 4 did not come; the gateway's log:\n" + gateway.log(), e);
                    }
                    assertNotNull(message);
                    states.add(JSON.readTree(message).get("state").asText());
                }
                assertEquals(List.of("CALLING", "RINGING", "ANSWERED", "ENDED"), states);
            }
        }
    }
}
