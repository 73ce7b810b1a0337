package org.sipgateway.sip.tls;

import org.junit.jupiter.api.Test;

/**
 * The server's certificate was signed by a CA that gateway.sip.tls.trust-file does not hold: the
 * handshake fails, the call ends with a cause that says so, and no SIP message is sent.
 */
class SipTlsUntrustedCertificateTest extends SipTlsTestSupport {

    @Override
    protected String serverHost() {
        return "localhost";
    }

    @Override
    protected boolean trustAnotherCa() {
        return true;
    }

    @Test
    void untrustedCertificateEndsTheCallAndSendsNothing() throws Exception {
        callAndExpectTlsRefusal("TLS: the server's certificate is not trusted");
    }
}
