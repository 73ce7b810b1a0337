package org.sipgateway.ops;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.SipTestSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With gateway.sip.register=true, readiness includes the registration: once SIPp's registrar
 * (challenge, then 200; registrar.xml's default credentials) has taken the REGISTER, /observe/health/ready is 200 with the check
 * "registration" UP and its state in words.
 */
class RegistrationReadinessTest extends SipTestSupport {

    @Override
    protected String scenario() {
        return "registrar.xml";
    }

    @Override
    protected void sipSettings(Properties properties) {
        properties.setProperty("gateway.sip.username", "gwuser");
        properties.setProperty("gateway.sip.password", "gw-secret-42");
        properties.setProperty("gateway.sip.register", "true");
        properties.setProperty("gateway.sip.register-expires", "60");
    }

    @Test
    void readyOnceRegistered() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        HttpResponse<String> ready;
        do {
            ready = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/observe/health/ready"))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } while (ready.statusCode() != 200 && System.nanoTime() < deadline && sleep());
        assertEquals(200, ready.statusCode(), ready.body());
        assertTrue(ready.body().contains("\"registration\"") && ready.body().contains("registered gwuser@127.0.0.1"),
                ready.body());
    }

    private static boolean sleep() throws InterruptedException {
        Thread.sleep(100);
        return true;
    }
}
