package org.sipgateway.access;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.GatewayTestSupport;
import org.sipgateway.support.PythonClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 7: the seed's Python client on the same host keeps working with no settings at all. */
class SeedClientDefaultsTest extends GatewayTestSupport {

    @Test
    void toolsCallCheckRunsTheReadmeSession() {
        PythonClient.Result result = PythonClient.callCheck("ws://127.0.0.1:" + wsPort + "/");
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("< WAV_ACK:stored hello.wav"), result.output());
        assertTrue(result.output().contains("< CALL_STATE:ANSWERED"), result.output());
        assertTrue(result.output().contains("< PLAY_DONE:hello.wav"), result.output());
        assertTrue(result.output().contains("< CALL_STATE:ENDED:local-bye"), result.output());
    }
}
