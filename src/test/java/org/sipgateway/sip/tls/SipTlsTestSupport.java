package org.sipgateway.sip.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.AfterAll;
import org.sipgateway.support.GatewayTestSupport;
import org.sipgateway.support.Kamailio;
import org.sipgateway.support.Sipp;
import org.sipgateway.support.TestCertificates;
import org.sipgateway.support.WsClient;

/**
 * A gateway with {@code gateway.sip.transport=tls} whose server is a real Kamailio (TLS module)
 * forwarding to a SIPp UAS over UDP. Subclasses choose the host name the gateway dials Kamailio
 * by, and which CA the gateway trusts.
 */
abstract class SipTlsTestSupport extends GatewayTestSupport {

    protected Sipp sipp;
    protected Kamailio kamailio;
    protected TestCertificates serverCertificates;

    /** The name (or address) put in gateway.sip.server, before ":port". */
    protected abstract String serverHost();

    /** True when the gateway's trust file is an unrelated CA, not the one that signed Kamailio's certificate. */
    protected boolean trustAnotherCa() {
        return false;
    }

    @Override
    protected final void settings(Properties properties) {
        if (sipp == null) {
            Path certs = tempDir();
            serverCertificates = TestCertificates.create(certs, "kamailio", "IP:127.0.0.1,DNS:localhost");
            Path trust = trustAnotherCa() ? TestCertificates.create(certs, "other", "DNS:other.test").caCert()
                    : serverCertificates.caCert();
            sipp = Sipp.uas("uas-answer-wait-bye.xml", 1);
            kamailio = Kamailio.start(serverCertificates, sipp.port());
            properties.setProperty("gateway.sip.tls.trust-file", trust.toString());
        }
        properties.setProperty("gateway.sip.transport", "tls");
        properties.setProperty("gateway.sip.server", serverHost() + ":" + kamailio.tlsPort());
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("sip-tls-certs-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    void stopPeers() {
        if (kamailio != null) {
            kamailio.close();
        }
        if (sipp != null) {
            sipp.close();
        }
    }

    /** CALL, and the call must end at once with a 503 whose reason names the TLS failure. */
    protected String callAndExpectTlsFailure(WsClient client) throws InterruptedException {
        client.send("CALL:0912345678");
        assertEquals("CALL_STATE:CALLING", client.next(org.sipgateway.support.SipTestSupport.CALL_WAIT));
        return client.next(org.sipgateway.support.SipTestSupport.CALL_WAIT);
    }
}
