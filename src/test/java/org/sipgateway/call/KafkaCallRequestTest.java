package org.sipgateway.call;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.sipgateway.media.G711Codec;
import org.sipgateway.support.FarEndSinkTestSupport;
import org.sipgateway.support.KafkaBroker;
import org.sipgateway.support.RtpSink;
import org.sipgateway.support.Tones;
import org.sipgateway.support.Wavs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A call request on a real Kafka topic (gateway.requests.uri): the gateway places the call to
 * SIPp, whose media (a socket of the test) hears the WAV's 440 Hz, hangs up after it, and
 * reports the call's states on the events topic.
 */
class KafkaCallRequestTest extends FarEndSinkTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private KafkaBroker kafka;

    @Override
    protected void sipSettings(Properties properties) {
        if (kafka == null) {
            kafka = KafkaBroker.start();
            kafka.createTopic("call-requests", 1);
            kafka.createTopic("calls", 1);
        }
        properties.setProperty("gateway.rtp.silence-when-idle", "false");
        properties.setProperty("gateway.requests.uri", "kafka:call-requests?brokers=" + kafka.bootstrapServers()
                + "&groupId=gateway&autoOffsetReset=earliest");
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
    void aRequestOnATopicPlacesACallThatPlaysTheFile() throws Exception {
        HttpResponse<String> stored = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + httpPort + "/api/wavs/alert.wav"))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(Wavs.tone(8000, 440, 8000, 0.3))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, stored.statusCode(), stored.body());

        kafka.send("call-requests", null, "{\"target\":\"0912345678\",\"play\":[\"alert.wav\"],\"hangupAfterPlay\":true}");

        List<RtpSink.Received> packets = sink.await(50, Duration.ofSeconds(30));
        short[] heard = RtpSink.decode(packets.subList(5, 45), G711Codec.PCMU);
        assertTrue(Tones.dominanceDb(heard, 440, 8000) > 20, "SIPp's side hears the alert's 440 Hz");
        assertSippSucceeded();

        List<KafkaBroker.Record> events = kafka.consume("calls", 4, Duration.ofSeconds(20));
        List<String> states = events.stream().map(r -> {
            try {
                return JSON.readTree(r.value()).get("state").asText();
            } catch (Exception e) {
                throw new AssertionError(r.value(), e);
            }
        }).toList();
        assertEquals(List.of("CALLING", "RINGING", "ANSWERED", "ENDED"), states);
        assertTrue(JSON.readTree(events.get(0).value()).get("session").asText().startsWith("request-"), events.get(0).value());
        assertEquals("local-bye", JSON.readTree(events.get(3).value()).get("cause").asText(), "hung up after the file");
    }
}
