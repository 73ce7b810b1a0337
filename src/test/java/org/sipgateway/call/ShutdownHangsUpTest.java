package org.sipgateway.call;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.sipgateway.support.FreePorts;
import org.sipgateway.support.GatewayProcess;
import org.sipgateway.support.Sipp;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGTERM to a gateway process with a call up (issue 10): the session hears
 * CALL_STATE:ENDED:shutdown and is closed with 1001, the far end gets a BYE before the process
 * exits, and the shutdown log holds no stack trace and no ERROR.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShutdownHangsUpTest {

    private final Sipp sipp = startSipp();

    private static Sipp startSipp() {
        Sipp.requireInstalled();
        return Sipp.uas("uas-answer-wait-bye.xml", 1);
    }

    @AfterAll
    void stopSipp() {
        sipp.close();
    }

    @Test
    void sigtermSendsByeForActiveCalls() throws Exception {
        int wsPort = FreePorts.tcp();
        Map<String, String> settings = Map.of(
                "gateway.ws.port", Integer.toString(wsPort),
                "gateway.ws.host", "127.0.0.1",
                "gateway.sip.server", sipp.hostPort(),
                "gateway.sip.bind-host", "127.0.0.1",
                "gateway.sip.port", Integer.toString(FreePorts.udpAndTcp()),
                "gateway.upload.dir", Files.createTempDirectory("gw-up").toString(),
                "gateway.recording.dir", Files.createTempDirectory("gw-rec").toString());
        try (GatewayProcess gateway = GatewayProcess.start(settings, Duration.ofSeconds(30))) {
            WsClient client = WsClient.connect(wsPort, "sip-audio-protocol");
            client.send("CALL:0912345678");
            assertEquals("CALL_STATE:CALLING", client.next());
            assertEquals("CALL_STATE:RINGING", client.next());
            assertEquals("CALL_STATE:ANSWERED", client.next());
            assertTrue(client.next().startsWith("MEDIA_START:"));
            gateway.terminate(Duration.ofSeconds(20));
            assertEquals("CALL_STATE:ENDED:shutdown", client.nextStartingWith("CALL_STATE:", Duration.ofSeconds(5)));
            assertTrue(client.awaitClosed(Duration.ofSeconds(5)), "the session is closed");
            assertEquals(1001, client.closeStatus(), "going away");
            String log = gateway.log();
            assertTrue(log.contains("Call ended: shutdown"), log);
            assertFalse(log.lines().anyMatch(l -> l.startsWith("\tat ") || l.contains(" ERROR ")), "a clean shutdown log:\n" + log);
            assertEquals(0, sipp.awaitExit(Duration.ofSeconds(10)), () -> "SIPp: " + sipp.errors() + "\ngateway:\n" + gateway.log());
            assertTrue(sipp.messages().contains("BYE sip:"), "SIPp must have received a BYE");
        }
    }
}
