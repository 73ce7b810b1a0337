package org.sipgateway.sip.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.sip.SipStack;

import org.junit.jupiter.api.Test;
import org.sipgateway.sip.JainSipStacks;

import gov.nist.javax.sip.SipStackImpl;

/**
 * The sockets a TLS stack opens: TLS 1.2/1.3 only, the certificate checked against the
 * configured server's name ("HTTPS" endpoint identification), SNI for that name, all set on this
 * stack and not as JVM-wide javax.net.ssl system properties.
 */
class SipTlsNetworkLayerTest {

    @Test
    void socketsToTheServerCheckItsNameWithTls12OrLater() throws Exception {
        String before = System.getProperty("javax.net.ssl.trustStore");
        SipStack stack = JainSipStacks.create("tls-layer-test", SipTlsProperties.forServer("localhost", ""));
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            SSLSocket socket = ((SipStackImpl) stack).getNetworkLayer()
                    .createSSLSocket(InetAddress.getByName("127.0.0.1"), server.getLocalPort(), null);
            try (socket) {
                SSLParameters parameters = socket.getSSLParameters();
                assertEquals("HTTPS", parameters.getEndpointIdentificationAlgorithm());
                assertArrayEquals(new String[] {"TLSv1.3", "TLSv1.2"}, parameters.getProtocols());
                assertEquals(List.of(new SNIHostName("localhost")), parameters.getServerNames());
            }
        } finally {
            JainSipStacks.stop(stack);
        }
        assertEquals(before, System.getProperty("javax.net.ssl.trustStore"), "no JVM-wide trust store property");
    }

    @Test
    void anUnreadableTrustFileIsRefusedWithItsSettingName() throws Exception {
        Path notPem = Files.createTempFile("not-a-ca", ".pem");
        Files.writeString(notPem, "hello");
        Properties properties = SipTlsProperties.forServer("localhost", notPem.toString());
        Exception e = assertThrows(Exception.class, () -> JainSipStacks.stop(JainSipStacks.create("tls-bad-trust", properties)));
        String message = String.valueOf(e.getMessage()) + " / " + (e.getCause() == null ? "" : e.getCause().getMessage());
        assertTrue(message.contains("gateway.sip.tls.trust-file"), message);
    }
}
