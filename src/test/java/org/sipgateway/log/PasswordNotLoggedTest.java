package org.sipgateway.log;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.FreePorts;
import org.sipgateway.support.GatewayProcess;
import org.sipgateway.support.Sipp;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 7 observation 6: with GATEWAY_LOG_LEVEL=DEBUG (JAIN-SIP's own debug included) and a call
 * that is challenged (SIPp uas-auth-401.xml) the SIP password appears in no line of the gateway
 * process's output, whether it is given by -D or by the environment.
 */
class PasswordNotLoggedTest {

    private static final String USER = "gwuser";
    private static final String PASSWORD = "gw-secret-42";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void passwordGivenByDashDIsNotLogged() throws Exception {
        assertPasswordNotLogged(Map.of("gateway.sip.password", PASSWORD), Map.of("GATEWAY_LOG_LEVEL", "DEBUG"));
    }

    @Test
    void passwordGivenByTheEnvironmentIsNotLogged() throws Exception {
        assertPasswordNotLogged(Map.of(), Map.of("GATEWAY_LOG_LEVEL", "DEBUG", "GATEWAY_SIP_PASSWORD", PASSWORD));
    }

    private static void assertPasswordNotLogged(Map<String, String> extraSettings, Map<String, String> environment)
            throws Exception {
        Sipp.requireInstalled();
        try (Sipp sipp = Sipp.uas("uas-auth-401.xml", 1)) {
            int wsPort = FreePorts.tcp();
            Map<String, String> settings = new HashMap<>(extraSettings);
            settings.put("gateway.ws.host", "127.0.0.1");
            settings.put("gateway.ws.port", Integer.toString(wsPort));
            settings.put("gateway.sip.bind-host", "127.0.0.1");
            settings.put("gateway.sip.port", Integer.toString(FreePorts.udpAndTcp()));
            settings.put("gateway.sip.server", sipp.hostPort());
            settings.put("gateway.sip.username", USER);
            String log;
            try (GatewayProcess gateway = GatewayProcess.start(settings, environment, WAIT)) {
                try (WsClient client = WsClient.connect(wsPort, "sip-audio-protocol")) {
                    client.send("CALL:0912345678");
                    assertEquals("CALL_STATE:ANSWERED", client.nextStartingWith("CALL_STATE:ANSWERED", WAIT));
                    client.send("HANGUP");
                    assertEquals("CALL_STATE:ENDED:local-bye", client.nextStartingWith("CALL_STATE:ENDED", WAIT));
                }
                assertEquals(0, sipp.awaitExit(WAIT), () -> "the digest was wrong:\n" + sipp.errors());
                gateway.terminate(WAIT);
                log = gateway.log();
            }
            assertTrue(log.contains(" DEBUG "), "the gateway really logged at DEBUG");
            List<String> leaks = log.lines().filter(line -> line.contains(PASSWORD)).toList();
            assertFalse(!leaks.isEmpty(), () -> "the password is in the log:\n" + String.join("\n", leaks));
        }
    }
}
