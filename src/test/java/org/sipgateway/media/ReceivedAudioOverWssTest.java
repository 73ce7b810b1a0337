package org.sipgateway.media;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;
import java.util.Properties;

import org.sipgateway.support.TestCertificates;
import org.sipgateway.support.WsClient;
import org.sipgateway.ws.WsConstants;

/**
 * {@link ReceivedAudioTest} over wss: the call's RTP lines are written as ready-made frames into
 * the connection's pipeline, in front of its TLS handler, so they must arrive encrypted and whole
 * like every other message.
 */
class ReceivedAudioOverWssTest extends ReceivedAudioTest {

    private TestCertificates certificate;

    @Override
    protected void sipSettings(Properties properties) {
        super.sipSettings(properties);
        certificate = TestCertificates.create(workDir.resolve("certs"), "gateway", "IP:127.0.0.1,DNS:localhost");
        properties.setProperty("gateway.ws.tls.cert-file", certificate.serverCert().toString());
        properties.setProperty("gateway.ws.tls.key-file", certificate.serverKey().toString());
    }

    @Override
    protected WsClient connect() {
        HttpClient tls = HttpClient.newBuilder().sslContext(certificate.clientContext()).build();
        return WsClient.connect(tls, URI.create("wss://127.0.0.1:" + wsPort + "/"), Map.of(), WsConstants.SUBPROTOCOL);
    }
}
