package org.sipgateway.sip.tls;

import java.util.Properties;

/**
 * The JAIN-SIP stack properties that make a stack speak TLS to the gateway's SIP server. All of
 * them are properties of that one stack; none is a JVM-wide {@code javax.net.ssl.*} system
 * property, so the built-in test line and any other stack in the JVM are untouched.
 */
public final class SipTlsProperties {

    /** Stack property carrying the PEM trust file to {@link SipTlsNetworkLayer} (empty: JVM default). */
    static final String TRUST_FILE = "org.sipgateway.sip.tls.TRUST_FILE";
    /** Stack property carrying the configured server's host name, the identity its certificate must show. */
    static final String SERVER_HOST = "org.sipgateway.sip.tls.SERVER_HOST";
    /** TLS 1.2 and 1.3 only. */
    static final String PROTOCOLS = "TLSv1.3,TLSv1.2";

    private SipTlsProperties() {
    }

    public static Properties forServer(String serverHost, String trustFile) {
        Properties properties = new Properties();
        properties.setProperty("gov.nist.javax.sip.NETWORK_LAYER", SipTlsNetworkLayer.class.getName());
        properties.setProperty(TRUST_FILE, trustFile == null ? "" : trustFile);
        properties.setProperty(SERVER_HOST, serverHost);
        // The stack sets these on every socket after creating it, overriding the network layer:
        // its defaults include TLSv1 and a short list of CBC/RSA and anonymous cipher suites.
        properties.setProperty("gov.nist.javax.sip.TLS_CLIENT_PROTOCOLS", PROTOCOLS);
        properties.setProperty("gov.nist.javax.sip.ENABLED_CIPHER_SUITES", String.join(",", PemTrust.defaultCipherSuites()));
        // The blocking (OIO) processor is the one whose TLS sockets come from the network layer;
        // the NIO TLS processor builds its own SSLContext from javax.net.ssl.* key stores and
        // checks no host name, so TLS must not run on it.
        properties.setProperty("gov.nist.javax.sip.MESSAGE_PROCESSOR_FACTORY", "gov.nist.javax.sip.stack.OIOMessageProcessorFactory");
        // The server presents no client certificate request we could answer, and the gateway
        // asks none of its peers for one.
        properties.setProperty("gov.nist.javax.sip.TLS_CLIENT_AUTH_TYPE", "Disabled");
        // A handshake that stalls (a peer that accepts TCP and says nothing) fails instead of hanging the sender.
        properties.setProperty("gov.nist.javax.sip.SSL_HANDSHAKE_TIMEOUT", "10000");
        return properties;
    }
}
