package org.sipgateway.ws;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.GatewayTestSupport;
import org.sipgateway.support.TestCertificates;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PROTOCOL.md §7 wss: PEM files turn the listener into TLS; a TLS client works, a plain one does not. */
class WssTest extends GatewayTestSupport {

    private TestCertificates certificate;

    @Override
    protected void settings(Properties properties) {
        certificate = TestCertificates.create(workDir.resolve("certs"), "gateway", "IP:127.0.0.1,DNS:localhost");
        properties.setProperty("gateway.ws.tls.cert-file", certificate.serverCert().toString());
        properties.setProperty("gateway.ws.tls.key-file", certificate.serverKey().toString());
    }

    @Test
    void aTlsClientRunsCommands() throws Exception {
        HttpClient tls = HttpClient.newBuilder().sslContext(certificate.clientContext()).build();
        try (WsClient client = WsClient.connect(tls, URI.create("wss://127.0.0.1:" + wsPort + "/"), Map.of(), WsConstants.SUBPROTOCOL)) {
            assertEquals(WsConstants.SUBPROTOCOL, client.subprotocol());
            client.send("HANGUP");
            assertEquals("ERROR:no-call:no active call to hang up", client.next());
        }
        assertTrue(logs.lines().stream().anyMatch(l -> l.contains("WebSocket on wss://127.0.0.1:" + wsPort)), "start-up says wss://");
    }

    @Test
    void aPlainClientCannotConnect() {
        assertThrows(CompletionException.class, () -> connect().close());
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateCannotConnect() {
        assertThrows(CompletionException.class, () -> WsClient.connect(HttpClient.newHttpClient(),
                URI.create("wss://127.0.0.1:" + wsPort + "/"), Map.of()).close());
    }
}
