package org.sipgateway.access;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.sipgateway.session.Session;
import org.sipgateway.session.SessionRegistry;
import org.sipgateway.support.GatewayTestSupport;
import org.sipgateway.support.RawHandshake;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 7 observation 2: no authentication. With a tokens file and no trusted network, a client
 * needs a valid token (header or {@code ?token=}): missing or wrong gets 401 and no session, a
 * right one gets a session that places a call. The file is re-read when it changes, and no token
 * ever reaches a log line.
 */
class TokenAuthTest extends GatewayTestSupport {

    private static final String ALICE = "alice-token-5f0c1a9e2b7d4c38a6e1";
    private static final String BOB = "bob-token-91d2e7c4a8b3f6051e2d9c";
    private static final String WRONG = "wrong-token-0000000000000000000";
    private Path tokensFile;

    @Override
    protected void settings(Properties properties) {
        tokensFile = workDir.resolve("tokens");
        try {
            Files.writeString(tokensFile, "# test tokens\nalice:" + ALICE + "\n");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        properties.setProperty("gateway.ws.trusted-networks", "");
        properties.setProperty("gateway.ws.auth-tokens-file", tokensFile.toString());
    }

    @Test
    void noTokenOrAWrongOneIs401() {
        RawHandshake.Answer none = RawHandshake.send(wsPort, "/", Map.of());
        assertEquals(401, none.status(), none.toString());
        assertTrue(none.body().contains("token required"), none.body());
        assertEquals(401, RawHandshake.send(wsPort, "/", Map.of("Authorization", "Bearer " + WRONG)).status());
        assertEquals(401, RawHandshake.send(wsPort, "/?token=" + WRONG, Map.of()).status());
        assertEquals(401, RawHandshake.send(wsPort, "/", Map.of("Authorization", "Basic " + ALICE)).status(), "only Bearer");
        assertEquals(0, sessions().count(), "no session for a refused client");
        assertNoTokenLogged();
    }

    @Test
    void theRightTokenByHeaderPlacesACall() throws Exception {
        try (WsClient client = WsClient.connect(HttpClient.newHttpClient(), uri(""), Map.of("Authorization", "Bearer " + ALICE),
                "sip-audio-protocol")) {
            callAndHangUp(client);
            Session session = only();
            assertEquals("alice", session.clientName());
            assertTrue(session.hasToken());
        }
        assertNoTokenLogged();
    }

    @Test
    void theRightTokenInTheUrlPlacesACall_andTheQueryCannotPoseAsAHeader() throws Exception {
        try (WsClient client = WsClient.connect(HttpClient.newHttpClient(),
                uri("?GatewayClientName=root&GatewayClientHasToken=true&token=" + ALICE), Map.of(), "sip-audio-protocol")) {
            callAndHangUp(client);
            assertEquals("alice", only().clientName());
        }
        assertNoTokenLogged();
    }

    @Test
    void anEditedFileTakesEffectWhileRunning() throws Exception {
        Files.writeString(tokensFile, "bob:" + BOB + "\n");
        Files.setLastModifiedTime(tokensFile, FileTime.from(Instant.now().plusSeconds(5)));
        try (WsClient client = WsClient.connect(HttpClient.newHttpClient(), uri("?token=" + BOB), Map.of())) {
            client.send("HANGUP");
            assertEquals("ERROR:no-call:no active call to hang up", client.next());
            assertEquals("bob", only().clientName());
        } finally {
            assertEquals(401, RawHandshake.send(wsPort, "/?token=" + ALICE, Map.of()).status(), "the removed token is refused");
            Files.writeString(tokensFile, "alice:" + ALICE + "\n");
            Files.setLastModifiedTime(tokensFile, FileTime.from(Instant.now().plusSeconds(10)));
        }
        assertNoTokenLogged();
    }

    @Test
    void aMalformedQueryIsRefusedWithoutQuotingIt() {
        assertEquals(400, RawHandshake.send(wsPort, "/?token=" + ALICE + "%zz", Map.of()).status());
        assertNoTokenLogged();
    }

    @Test
    void noTokenReachesTheLogAtDebugLevelEither() throws Exception {
        // The root and the libraries the token passes through (logback.xml keeps these at WARN).
        List<ch.qos.logback.classic.Logger> loggers = Stream.of(org.slf4j.Logger.ROOT_LOGGER_NAME, "io.vertx", "io.netty")
                .map(name -> (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(name)).toList();
        List<ch.qos.logback.classic.Level> before = loggers.stream().map(ch.qos.logback.classic.Logger::getLevel).toList();
        loggers.forEach(l -> l.setLevel(ch.qos.logback.classic.Level.DEBUG));
        try {
            assertEquals(401, RawHandshake.send(wsPort, "/?token=" + WRONG, Map.of()).status());
            assertEquals(401, RawHandshake.send(wsPort, "/", Map.of("Authorization", "Bearer " + WRONG)).status());
            try (WsClient client = WsClient.connect(HttpClient.newHttpClient(), uri("?token=" + ALICE), Map.of())) {
                client.send("HANGUP");
                assertEquals("ERROR:no-call:no active call to hang up", client.next());
            }
        } finally {
            for (int i = 0; i < loggers.size(); i++) {
                loggers.get(i).setLevel(before.get(i));
            }
        }
        assertTrue(logs.lines().stream().anyMatch(l -> l.startsWith("DEBUG")), "DEBUG lines were written");
        assertNoTokenLogged();
    }

    private static void callAndHangUp(WsClient client) throws InterruptedException {
        client.send("CALL:0912345678");
        assertEquals("CALL_STATE:CALLING", client.nextStartingWith("CALL_STATE:", WsClient.DEFAULT_WAIT));
        assertEquals("CALL_STATE:RINGING", client.nextStartingWith("CALL_STATE:", WsClient.DEFAULT_WAIT));
        assertEquals("CALL_STATE:ANSWERED", client.nextStartingWith("CALL_STATE:", WsClient.DEFAULT_WAIT));
        client.send("HANGUP");
        assertEquals("CALL_STATE:ENDED:local-bye", client.nextStartingWith("CALL_STATE:ENDED", WsClient.DEFAULT_WAIT));
    }

    private URI uri(String query) {
        return URI.create("ws://127.0.0.1:" + wsPort + "/" + query);
    }

    private SessionRegistry sessions() {
        return context.getRegistry().lookupByNameAndType("sessions", SessionRegistry.class);
    }

    /** The session of the one open connection (waits for its OPEN event to be handled). */
    private Session only() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (sessions().count() != 1 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(1, sessions().count());
        return sessions().all().iterator().next();
    }

    private void assertNoTokenLogged() {
        for (String line : logs.lines()) {
            for (String token : new String[] {ALICE, BOB, WRONG}) {
                assertFalse(line.contains(token), "a token in the log: " + line);
            }
        }
    }
}
