package org.sipgateway.sip.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.AfterAll;
import org.sipgateway.support.GatewayTestSupport;
import org.sipgateway.support.Kamailio;
import org.sipgateway.support.SipTestSupport;
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

    /** The subject alternative names of Kamailio's certificate, in openssl syntax. */
    protected String serverSan() {
        return "IP:127.0.0.1,DNS:localhost";
    }

    @Override
    protected final void settings(Properties properties) {
        if (sipp == null) {
            Path certs = tempDir();
            serverCertificates = TestCertificates.create(certs, "kamailio", serverSan());
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

    /**
     * CALL; the call must end with a 503 whose reason starts with {@code causeStart}, one WARN
     * line must say so, and neither Kamailio nor SIPp may have seen a SIP message.
     */
    protected void callAndExpectTlsRefusal(String causeStart) throws InterruptedException {
        try (WsClient client = connect()) {
            client.send("CALL:0912345678");
            assertEquals("CALL_STATE:CALLING", client.next(SipTestSupport.CALL_WAIT));
            String ended = client.next(SipTestSupport.CALL_WAIT);
            assertTrue(ended.startsWith("CALL_STATE:ENDED:503 Service Unavailable (" + causeStart), ended);
        }
        List<String> reasons = logs.lines().stream().filter(line -> line.contains("Could not send the INVITE")).toList();
        assertEquals(1, reasons.size(), () -> "one log line names the reason: " + reasons);
        assertTrue(reasons.get(0).contains(causeStart), reasons.get(0));
        List<String> noise = logs.lines().stream().filter(line -> line.startsWith("WARN") || line.startsWith("ERROR"))
                .filter(line -> !line.contains("Could not send the INVITE")).filter(line -> !line.contains("ContextManagerExtension")).toList();
        assertEquals(List.of(), noise, "no other WARN or ERROR line (stack traces from the SIP stack) for the failed handshake");
        String log = kamailio.log();
        assertFalse(log.contains("KAMAILIO-REQ"), () -> "Kamailio must see no SIP request, in clear or not:\n" + log);
        assertFalse(sipp.messages().contains("INVITE"), "SIPp must receive nothing");
    }
}
