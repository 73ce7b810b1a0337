package org.sipgateway.call;

/** {@link NextHopTestSupport} over UDP. */
class NextHopUdpTest extends NextHopTestSupport {

    @Override
    protected String[] transportArguments() {
        return new String[0];
    }

    @Override
    protected String gatewayTransport() {
        return "udp";
    }
}
