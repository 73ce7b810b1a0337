package org.sipgateway.access;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.PythonClient;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 7 observation 2, for real: by default a client from another address is refused at the handshake. */
class NamespaceClientRefusedTest extends NamespaceClientTestSupport {

    @Test
    void theSeedClientFromAnotherAddressIsRefused() {
        PythonClient.Result result = runSeedClient();
        assertNotEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("403"), result.output());
        assertTrue(logs.lines().stream().anyMatch(l -> l.contains("WebSocket refused from " + namespace.clientAddress())),
                "the refusal is logged with the client's address");
    }
}
