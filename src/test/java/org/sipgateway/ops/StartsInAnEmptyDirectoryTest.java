package org.sipgateway.ops;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.FreePorts;
import org.sipgateway.support.GatewayProcess;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 10, a self-contained gateway: started in a directory with no application.properties and
 * no routes/, it runs on the settings and routes built into it, says so in its log, and places a
 * call to the built-in test line. A directory with its own files is used instead (every other
 * test runs that way, from the project folder).
 */
class StartsInAnEmptyDirectoryTest {

    @Test
    void theBuiltInRoutesAndSettingsPlaceACall() throws Exception {
        Path empty = Files.createTempDirectory("gw-empty-");
        int wsPort = FreePorts.tcp();
        Map<String, String> settings = Map.of("gateway.ws.port", Integer.toString(wsPort), "gateway.ws.host", "127.0.0.1",
                "gateway.sip.bind-host", "127.0.0.1", "gateway.sip.port", Integer.toString(FreePorts.udpAndTcp()));
        try (GatewayProcess gateway = GatewayProcess.start(settings, Map.of(), empty, Duration.ofSeconds(30));
             WsClient client = WsClient.connect(wsPort, "sip-audio-protocol")) {
            client.send("CALL:0912345678");
            assertEquals("CALL_STATE:ANSWERED", client.nextStartingWith("CALL_STATE:ANSWERED", Duration.ofSeconds(15)));
            assertTrue(client.nextStartingWith("MEDIA_START:", Duration.ofSeconds(5)).contains("codec=PCMU"));
            client.send("HANGUP");
            assertEquals("CALL_STATE:ENDED:local-bye", client.nextStartingWith("CALL_STATE:", Duration.ofSeconds(15)));
            String log = gateway.log();
            assertTrue(log.contains("Routes: the jar's built-in routes (" + empty.toRealPath() + " has no routes/ folder)")
                    || log.contains("Routes: the jar's built-in routes (" + empty + " has no routes/ folder)"), log);
            assertTrue(log.contains("the jar's application.properties"), log);
            assertTrue(Files.isDirectory(empty.resolve("recordings")), "recordings go to the working directory");
        }
    }
}
