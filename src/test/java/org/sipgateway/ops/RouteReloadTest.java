package org.sipgateway.ops;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.FreePorts;
import org.sipgateway.support.GatewayProcess;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With route reload on, an edit of calls.camel.yaml (a step added to the call-events route) while
 * a call is up: the route is replaced, the call's hang-up still reaches its session, and the next
 * call works through the edited route.
 */
class RouteReloadTest {

    /** The step that sends a call's state to its owner, in the call-events route; the edit goes before it. */
    private static final String OWNER_SEND = "                - to: direct:to-session\n                # The call's audio";

    @Test
    void editingTheCallRouteKeepsCallsWorking() throws Exception {
        Path dir = Files.createTempDirectory("gw-reload-");
        Files.copy(Path.of("application.properties"), dir.resolve("application.properties"));
        Files.createDirectories(dir.resolve("routes"));
        try (Stream<Path> routes = Files.list(Path.of("routes"))) {
            for (Path route : routes.toList()) {
                Files.copy(route, dir.resolve("routes").resolve(route.getFileName()));
            }
        }
        int wsPort = FreePorts.tcp();
        Map<String, String> settings = new HashMap<>();
        settings.put("gateway.ws.port", Integer.toString(wsPort));
        settings.put("gateway.ws.host", "127.0.0.1");
        settings.put("gateway.sip.bind-host", "127.0.0.1");
        settings.put("gateway.sip.port", Integer.toString(FreePorts.udpAndTcp()));
        settings.put("camel.main.routes-reload-enabled", "true");
        try (GatewayProcess gateway = GatewayProcess.start(settings, Map.of(), dir, Duration.ofSeconds(30));
             WsClient first = WsClient.connect(wsPort, "sip-audio-protocol")) {
            first.send("CALL:0912345678");
            first.nextStartingWith("CALL_STATE:ANSWERED", WsClient.DEFAULT_WAIT);

            Path calls = dir.resolve("routes").resolve("calls.camel.yaml");
            String edited = Files.readString(calls).replace(OWNER_SEND,
                    "                - log:\n                    message: \"edited route: ${body}\"\n" + OWNER_SEND);
            assertTrue(edited.contains("edited route"), "the edit found its place in calls.camel.yaml");
            Path temp = dir.resolve("calls.camel.yaml.new");
            Files.writeString(temp, edited);
            Files.move(temp, calls, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!gateway.log().contains("Routes reloaded") && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(gateway.log().contains("Routes reloaded"), "the edit was picked up:\n" + gateway.log());

            first.send("HANGUP");
            assertEquals("CALL_STATE:ENDED:local-bye", first.nextStartingWith("CALL_STATE:", WsClient.DEFAULT_WAIT),
                    "the call up during the reload still ends properly");
            try (WsClient second = WsClient.connect(wsPort, "sip-audio-protocol")) {
                second.send("CALL:0912345678");
                assertEquals("CALL_STATE:CALLING", second.nextStartingWith("CALL_STATE:", WsClient.DEFAULT_WAIT));
                second.nextStartingWith("CALL_STATE:ANSWERED", WsClient.DEFAULT_WAIT);
                second.send("HANGUP");
                assertEquals("CALL_STATE:ENDED:local-bye", second.nextStartingWith("CALL_STATE:", WsClient.DEFAULT_WAIT));
            }
            assertTrue(gateway.log().contains("edited route: CALL_STATE:ANSWERED"), "the new step runs:\n" + gateway.log());
            assertTrue(gateway.log().lines().noneMatch(l -> l.contains(" WARN ") || l.contains(" ERROR ")),
                    "the reload is quiet:\n" + gateway.log());
        }
    }
}
