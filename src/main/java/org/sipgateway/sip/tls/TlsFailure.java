package org.sipgateway.sip.tls;

import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Says in a few words why a TLS connection to the SIP server failed, from the exception the
 * stack threw while sending; the JDK's own messages ("PKIX path building failed:
 * sun.security.provider.certpath.SunCertPathBuilderException: ...") are not for operators.
 */
public final class TlsFailure {

    private TlsFailure() {
    }

    /** The JDK's host name check says "No subject alternative DNS name matching x found" and the like. */
    private static boolean namesAnotherHost(String message) {
        return message != null && (message.startsWith("No subject alternative") || message.startsWith("No name matching"));
    }

    /** Null when {@code failure} did not come from TLS. */
    public static String describe(Throwable failure) {
        SSLException ssl = null;
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof CertPathValidatorException || t.getClass().getName().endsWith("SunCertPathBuilderException")) {
                return "TLS: the server's certificate is not trusted (gateway.sip.tls.trust-file)";
            }
            if (t instanceof CertificateException && namesAnotherHost(t.getMessage())) {
                return "TLS: the server's certificate does not name the host in gateway.sip.server (" + t.getMessage() + ")";
            }
            if (t instanceof SSLException e && ssl == null) {
                ssl = e;
            }
        }
        if (ssl == null) {
            return null;
        }
        return ssl instanceof SSLHandshakeException ? "TLS handshake failed: " + ssl.getMessage() : "TLS: " + ssl.getMessage();
    }
}
