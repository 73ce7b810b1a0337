package org.sipgateway.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The test's own MQTT 5 client (Eclipse Paho, the client camel-paho-mqtt5 uses), for a broker such
 * as {@link Mosquitto}: it subscribes, keeps every message that arrives on any of its
 * subscriptions, and publishes. Waiting for messages is on a condition with a deadline, never a
 * fixed sleep.
 */
public final class MqttTestClient implements AutoCloseable {

    private static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(10);

    private final MqttClient client;
    private final List<Message> received = new ArrayList<>();

    private MqttTestClient(MqttClient client) {
        this.client = client;
    }

    /** Connects with a clean start and a fresh client id; the session ends with the connection. */
    public static MqttTestClient connect(String brokerUrl) {
        try {
            MqttClient client = new MqttClient(brokerUrl, "test-" + UUID.randomUUID(), new MemoryPersistence());
            MqttTestClient testClient = new MqttTestClient(client);
            client.setCallback(testClient.new Collector());
            client.setTimeToWait(OPERATION_TIMEOUT.toMillis());
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setCleanStart(true);
            options.setAutomaticReconnect(false);
            options.setConnectionTimeout((int) OPERATION_TIMEOUT.toSeconds());
            client.connect(options);
            return testClient;
        } catch (MqttException e) {
            throw new AssertionError("cannot connect to MQTT broker " + brokerUrl + ": " + e, e);
        }
    }

    /** Subscribes to {@code topicFilter} and returns once the broker granted it (SUBACK). */
    public void subscribe(String topicFilter, int qos) {
        try {
            IMqttToken token = client.subscribe(new MqttSubscription[] {new MqttSubscription(topicFilter, qos)});
            token.waitForCompletion(OPERATION_TIMEOUT.toMillis());
            for (int code : token.getReasonCodes()) {
                if (code >= 0x80) {
                    fail("the broker refused the subscription to " + topicFilter + ": reason code 0x"
                            + Integer.toHexString(code));
                }
            }
        } catch (MqttException e) {
            throw new AssertionError("cannot subscribe to " + topicFilter + ": " + e, e);
        }
    }

    /** Publishes {@code payload} as UTF-8; for QoS 1 and 2 returns once the broker acknowledged it. */
    public void publish(String topic, String payload, int qos) {
        MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        message.setQos(qos);
        try {
            client.publish(topic, message);
        } catch (MqttException e) {
            throw new AssertionError("cannot publish to " + topic + ": " + e, e);
        }
    }

    /** Waits until {@code count} messages arrived on any subscription; returns all that arrived. */
    public List<Message> awaitMessages(int count, Duration timeout) {
        return awaitMessages(null, count, timeout);
    }

    /**
     * Waits until {@code count} messages arrived on {@code topic} (an exact topic name, not a
     * filter; null for any), and returns those, in arrival order. Fails, listing everything that
     * did arrive, when they are not all there within {@code timeout}.
     */
    public synchronized List<Message> awaitMessages(String topic, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Message> matching = matching(topic);
        while (matching.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                fail("expected " + count + " MQTT message(s)" + (topic == null ? "" : " on " + topic) + " within "
                        + timeout + ", got: " + received);
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for MQTT messages", e);
            }
            matching = matching(topic);
        }
        return matching;
    }

    /** Every message received so far. */
    public synchronized List<Message> messages() {
        return List.copyOf(received);
    }

    private List<Message> matching(String topic) {
        return received.stream().filter(message -> topic == null || message.topic().equals(topic)).toList();
    }

    private synchronized void add(Message message) {
        received.add(message);
        notifyAll();
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect(2000);
            }
        } catch (MqttException e) {
            // Closing anyway: the broker drops the session when the socket goes.
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            // Nothing left to release.
        }
    }

    /** One message as it arrived: the payload as UTF-8 text, MQTT 5 user properties as a map. */
    public record Message(String topic, String payload, int qos, boolean retained,
            Map<String, String> userProperties) {
    }

    private final class Collector implements MqttCallback {

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            Map<String, String> userProperties = new LinkedHashMap<>();
            MqttProperties properties = message.getProperties();
            if (properties != null && properties.getUserProperties() != null) {
                for (UserProperty property : properties.getUserProperties()) {
                    userProperties.put(property.getKey(), property.getValue());
                }
            }
            add(new Message(topic, new String(message.getPayload(), StandardCharsets.UTF_8), message.getQos(),
                    message.isRetained(), Map.copyOf(userProperties)));
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }
}
