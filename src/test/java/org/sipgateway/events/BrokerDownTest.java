package org.sipgateway.events;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.FreePorts;
import org.sipgateway.support.GatewayTestSupport;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Kafka broker that is not there (nothing listens at the configured address): calls and their
 * WebSocket messages go on exactly as without a bus, each state in its usual time, while the
 * events that do not fit the small queue are dropped and counted in the metrics.
 */
class BrokerDownTest extends GatewayTestSupport {

    private static final int CALLS = 3;

    @Override
    protected void settings(Properties properties) {
        properties.setProperty("gateway.events.uri", "kafka:calls?brokers=127.0.0.1:" + FreePorts.tcp() + "&maxBlockMs=3000");
        properties.setProperty("gateway.events.queue-size", "2");
        properties.setProperty("gateway.events.retries", "0");
    }

    @Test
    void callsAreUntouchedAndDropsAreCounted() throws Exception {
        for (int i = 0; i < CALLS; i++) {
            try (WsClient client = connect()) {
                long start = System.nanoTime();
                client.send("CALL:0912345678");
                assertEquals("CALL_STATE:CALLING", client.next(Duration.ofSeconds(2)));
                assertEquals("CALL_STATE:RINGING", client.next(Duration.ofSeconds(2)));
                assertEquals("CALL_STATE:ANSWERED", client.next(Duration.ofSeconds(2)));
                assertTrue(client.next(Duration.ofSeconds(2)).startsWith("MEDIA_START:"));
                client.send("HANGUP");
                assertEquals("CALL_STATE:ENDED:local-bye", client.nextStartingWith("CALL_STATE:", Duration.ofSeconds(2)));
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertTrue(millis < 2000, "call " + i + " took its usual time, not the broker's: " + millis + " ms");
            }
        }
        // Every event is accounted for: dropped at the full queue, or failed after the producer's
        // 3 s wait for a broker that never answers.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        double lost;
        String metrics;
        do {
            metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                    + "/observe/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            lost = value(metrics, "gateway_events_dropped_total") + value(metrics, "gateway_events_failed_total");
        } while (lost < 4 * CALLS && System.nanoTime() < deadline && sleep());
        assertEquals(4 * CALLS, lost, 0.0, "all " + 4 * CALLS + " events counted as dropped or failed:\n" + metrics);
        assertTrue(logs.contains("not delivered to gateway.events.uri") || logs.contains("the bus route's queue is full"),
                "and logged");
    }

    private static boolean sleep() throws InterruptedException {
        Thread.sleep(200);
        return true;
    }

    private static double value(String metrics, String name) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("no " + name + " in\n" + metrics);
    }
}
