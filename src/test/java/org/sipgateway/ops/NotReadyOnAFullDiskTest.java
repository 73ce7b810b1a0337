package org.sipgateway.ops;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Properties;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.sipgateway.support.GatewayTestSupport;
import org.sipgateway.support.TinyDisk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Readiness with the recordings on a 16 KiB disk, less than gateway.recording.min-free-mb: the
 * gateway says it is not ready (HTTP 503, the recording-disk check DOWN with the free space in
 * words) while it stays alive (liveness UP).
 */
class NotReadyOnAFullDiskTest extends GatewayTestSupport {

    private TinyDisk disk;

    @Override
    protected void settings(Properties properties) {
        if (disk == null) {
            disk = TinyDisk.mount(workDir.resolve("tiny-disk"), "16k");
        }
        properties.setProperty("gateway.recording.dir", disk.dir().toString());
        properties.setProperty("gateway.recording.min-free-mb", "1");
    }

    @AfterAll
    void unmount() throws Exception {
        disk.close();
    }

    @Test
    void readinessGoesDownLivenessStaysUp() throws Exception {
        Assumptions.assumeTrue(disk.mounted(), "needs root to mount a 16 KiB tmpfs");
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                + "/observe/health/ready")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(503, ready.statusCode(), ready.body());
        assertTrue(ready.body().contains("recording-disk") && ready.body().contains("DOWN"), ready.body());
        assertTrue(ready.body().contains("MiB free for recordings"), ready.body());
        HttpResponse<String> live = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                + "/observe/health/live")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, live.statusCode(), live.body());
    }
}
