package org.sipgateway.call;

import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.sipgateway.support.FreePorts;
import org.sipgateway.support.GatewayProcess;
import org.sipgateway.support.KafkaBroker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scale-out the way users outgrow one machine: two gateway processes in one Kafka consumer group
 * on a requests topic of four partitions. 20 requests are each placed exactly once (20 calls
 * answered, each ended once), and both gateways take some.
 */
class KafkaScaleOutTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int REQUESTS = 20;

    /** {@code rtpBase}: two gateways on one host need RTP ranges of their own (on two hosts they would not). */
    private static Map<String, String> settings(KafkaBroker kafka, int rtpBase) throws Exception {
        Map<String, String> settings = new HashMap<>();
        settings.put("gateway.rtp.port-min", Integer.toString(rtpBase));
        settings.put("gateway.rtp.port-max", Integer.toString(rtpBase + 999));
        settings.put("gateway.ws.port", Integer.toString(FreePorts.tcp()));
        settings.put("gateway.ws.host", "127.0.0.1");
        settings.put("gateway.sip.bind-host", "127.0.0.1");
        settings.put("gateway.sip.port", Integer.toString(FreePorts.udpAndTcp()));
        settings.put("gateway.upload.dir", Files.createTempDirectory("gw-up").toString());
        settings.put("gateway.recording.dir", Files.createTempDirectory("gw-rec").toString());
        settings.put("gateway.requests.uri", "kafka:call-requests?brokers=" + kafka.bootstrapServers()
                + "&groupId=gateways&autoOffsetReset=earliest");
        settings.put("gateway.events.uri", "kafka:calls?brokers=" + kafka.bootstrapServers());
        return settings;
    }

    @Test
    void eachRequestIsPlacedOnceAndBothGatewaysTakeSome() throws Exception {
        try (KafkaBroker kafka = KafkaBroker.start()) {
            kafka.createTopic("call-requests", 4);
            kafka.createTopic("calls", 4);
            try (GatewayProcess first = GatewayProcess.start(settings(kafka, 44000), Duration.ofSeconds(30));
                 GatewayProcess second = GatewayProcess.start(settings(kafka, 46000), Duration.ofSeconds(30))) {
                // Both consumers join the group before the requests go out, so the partitions are shared.
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!(assigned(first) && assigned(second)) && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertTrue(assigned(first) && assigned(second), "both gateways got partitions:\n" + first.log());
                for (int i = 0; i < REQUESTS; i++) {
                    kafka.send("call-requests", "request-" + i, "{\"target\":\"09000000" + String.format("%02d", i)
                            + "\",\"play\":[],\"hangupAfterPlay\":true}");
                }
                List<KafkaBroker.Record> events = kafka.consume("calls", 4 * REQUESTS, Duration.ofSeconds(60));
                Set<String> answered = new HashSet<>();
                Map<String, Integer> ended = new HashMap<>();
                for (KafkaBroker.Record record : events) {
                    JsonNode event = JSON.readTree(record.value());
                    if ("ANSWERED".equals(event.get("state").asText())) {
                        answered.add(event.get("callId").asText());
                    } else if ("ENDED".equals(event.get("state").asText())) {
                        ended.merge(event.get("callId").asText(), 1, Integer::sum);
                    }
                }
                assertEquals(REQUESTS, answered.size(), "every request placed a call that was answered");
                assertEquals(REQUESTS, ended.size());
                assertTrue(ended.values().stream().allMatch(n -> n == 1), "each ended once: " + ended);
                int byFirst = count(first.log(), "Call request from requests");
                int bySecond = count(second.log(), "Call request from requests");
                assertEquals(REQUESTS, byFirst + bySecond, "each request taken by exactly one gateway");
                assertTrue(byFirst > 0 && bySecond > 0, "both took some: " + byFirst + " and " + bySecond);
                System.out.printf("KafkaScaleOutTest: %d requests, %d placed by the first gateway, %d by the second%n",
                        REQUESTS, byFirst, bySecond);
            }
        }
    }

    private static boolean assigned(GatewayProcess gateway) {
        return gateway.log().contains("Adding newly assigned partitions: call-requests");
    }

    private static int count(String log, String text) {
        return (int) log.lines().filter(line -> line.contains(text)).count();
    }
}
