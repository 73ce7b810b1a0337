package org.sipgateway.ops;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.sipgateway.support.GatewayTestSupport;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * /observe/health reports the gateway's readiness checks, all UP on a healthy gateway, and
 * /observe/metrics (Prometheus text) counts a finished call: its end cause, its packets, its
 * recording's bytes.
 */
class HealthAndMetricsTest extends GatewayTestSupport {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthIsUpAndMetricsCountAFinishedCall() throws Exception {
        HttpResponse<String> health = get("/observe/health?data=true");
        assertEquals(200, health.statusCode(), health.body());
        JsonNode checks = new ObjectMapper().readTree(health.body());
        assertEquals("UP", checks.get("status").asText(), health.body());
        for (String id : new String[] {"sip", "websocket", "recording-disk"}) {
            assertTrue(health.body().contains("\"" + id + "\""), id + " is checked: " + health.body());
        }

        try (WsClient client = connect()) {
            client.send("CALL:0912345678");
            client.nextStartingWith("CALL_STATE:ANSWERED", WsClient.DEFAULT_WAIT);
            for (int i = 0; i < 25; i++) {
                client.nextStartingWith("RTP:", WsClient.DEFAULT_WAIT);
            }
            String during = get("/observe/metrics").body();
            assertTrue(during.contains("gateway_calls_active 1.0"), during);
            assertTrue(during.contains("gateway_sessions_active 1.0"), during);
            client.send("HANGUP");
            client.nextStartingWith("CALL_STATE:ENDED", WsClient.DEFAULT_WAIT);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        String metrics = get("/observe/metrics").body();
        while (!metrics.contains("gateway_recording_bytes_written_total") || value(metrics, "gateway_recording_bytes_written_total") == 0) {
            assertTrue(System.nanoTime() < deadline, "the recording's bytes are counted: " + metrics);
            Thread.sleep(100);
            metrics = get("/observe/metrics").body();
        }
        assertTrue(metrics.contains("gateway_calls_ended_total{cause=\"local-bye\"} 1.0"), metrics);
        assertTrue(metrics.contains("gateway_calls_active 0.0"), metrics);
        assertTrue(value(metrics, "gateway_rtp_packets_received_total") >= 25, metrics);
        assertTrue(value(metrics, "gateway_rtp_packets_sent_total") >= 25, metrics);
        assertEquals(0, value(metrics, "gateway_rtp_packets_dropped_total"), metrics);
        assertEquals(0, value(metrics, "gateway_ws_messages_dropped_total"), metrics);
    }

    private static double value(String metrics, String name) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("no " + name + " in\n" + metrics);
    }
}
