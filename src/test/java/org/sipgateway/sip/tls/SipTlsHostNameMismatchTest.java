package org.sipgateway.sip.tls;

import org.junit.jupiter.api.Test;

/**
 * The server's certificate chains to the trusted CA but names another host than the one in
 * gateway.sip.server (the gateway dials 127.0.0.1; the certificate is for sip.example.test
 * only): the connection is refused like an untrusted one.
 */
class SipTlsHostNameMismatchTest extends SipTlsTestSupport {

    @Override
    protected String serverHost() {
        return "127.0.0.1";
    }

    @Override
    protected String serverSan() {
        return "DNS:sip.example.test";
    }

    @Test
    void certificateForAnotherHostEndsTheCallAndSendsNothing() throws Exception {
        callAndExpectTlsRefusal("TLS: the server's certificate does not name the host in gateway.sip.server");
    }
}
