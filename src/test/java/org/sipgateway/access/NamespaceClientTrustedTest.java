package org.sipgateway.access;

import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.PythonClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With its network in gateway.ws.trusted-networks, the seed's client (which cannot send a token) works from another address. */
class NamespaceClientTrustedTest extends NamespaceClientTestSupport {

    @Override
    protected void settings(Properties properties) {
        super.settings(properties);
        properties.setProperty("gateway.ws.trusted-networks", "127.0.0.0/8,::1/128," + namespace.network());
    }

    @Test
    void theSeedClientFromATrustedNetworkPlacesACall() {
        PythonClient.Result result = runSeedClient();
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("< CALL_STATE:ANSWERED"), result.output());
        assertTrue(result.output().contains("< PLAY_DONE:hello.wav"), result.output());
        assertTrue(result.output().contains("< CALL_STATE:ENDED:local-bye"), result.output());
        assertTrue(logs.lines().stream().anyMatch(l -> l.contains("Session opened from " + namespace.clientAddress())), "named by its address");
    }
}
