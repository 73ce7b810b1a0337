package org.sipgateway.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.AfterAll;

/**
 * A gateway registered at a real Kamailio (registrar and proxy, {@link KamailioRegistrar}):
 * gateway.sip.server is Kamailio and gateway.sip.register=true, with the credentials of
 * {@link #GATEWAY_USER}, who is also gateway.sip.caller; so the AOR is
 * {@code gateway@127.0.0.1}, and Kamailio's lookup of that user relays an INVITE to the
 * gateway's Contact, whose Request-URI user is again {@link #GATEWAY_USER}. Callers dial Kamailio.
 */
public abstract class RegisteredGatewayTestSupport extends GatewayTestSupport {

    protected static final String GATEWAY_USER = "gateway";
    protected static final String GATEWAY_PASSWORD = "gw-kamailio-secret-7";
    protected static final Duration WAIT = Duration.ofSeconds(15);

    protected KamailioRegistrar kamailio;

    @Override
    protected final void settings(Properties properties) {
        if (kamailio == null) {
            Map<String, String> users = new HashMap<>(otherUsers());
            users.put(GATEWAY_USER, GATEWAY_PASSWORD);
            kamailio = KamailioRegistrar.start(users);
        }
        properties.setProperty("gateway.sip.server", kamailio.hostPort());
        properties.setProperty("gateway.sip.register", "true");
        properties.setProperty("gateway.sip.username", GATEWAY_USER);
        properties.setProperty("gateway.sip.password", GATEWAY_PASSWORD);
        properties.setProperty("gateway.sip.caller", GATEWAY_USER);
        properties.setProperty("gateway.sip.register-expires", "60");
        registeredSettings(properties);
    }

    /** Further users (name to password) Kamailio takes REGISTERs from, e.g. a softphone. */
    protected Map<String, String> otherUsers() {
        return Map.of();
    }

    /** Subclasses add settings here. */
    protected void registeredSettings(Properties properties) {
    }

    /**
     * Waits until the gateway is registered: readiness says so (the registrar's 200 came back
     * after the digest challenge) and Kamailio holds the binding, which must be the gateway's
     * own SIP address. Returns that Contact as Kamailio logged it.
     */
    protected String awaitRegistered() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/observe/health/ready"))
                .build();
        long deadline = System.nanoTime() + WAIT.toNanos();
        HttpResponse<String> answer = http.send(ready, HttpResponse.BodyHandlers.ofString());
        while (answer.statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            answer = http.send(ready, HttpResponse.BodyHandlers.ofString());
        }
        assertEquals(200, answer.statusCode(), answer.body() + "\n" + kamailio.log());
        assertTrue(answer.body().contains("registered " + GATEWAY_USER + "@127.0.0.1"), answer.body());
        String contact = kamailio.awaitBinding(GATEWAY_USER, WAIT);
        assertTrue(contact.startsWith("<sip:" + GATEWAY_USER + "@127.0.0.1:" + sipPort), "the gateway's Contact: " + contact);
        return contact;
    }

    /** LISTENs for {@code pattern} and checks the echo. */
    protected static void listen(WsClient client, String pattern) throws InterruptedException {
        client.send("LISTEN:" + pattern);
        assertEquals("LISTEN:" + pattern, client.next(WAIT));
    }

    /** The gateway goes first, so its un-REGISTER still finds Kamailio (and shutdown does not wait for an answer). */
    @AfterAll
    void stopGatewayThenRegistrar() {
        try {
            context().stop();
        } finally {
            if (kamailio != null) {
                kamailio.close();
            }
        }
    }
}
