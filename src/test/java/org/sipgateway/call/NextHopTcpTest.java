package org.sipgateway.call;

/** {@link NextHopTestSupport} over TCP. */
class NextHopTcpTest extends NextHopTestSupport {

    @Override
    protected String[] transportArguments() {
        return new String[] {"-t", "t1"};
    }

    @Override
    protected String gatewayTransport() {
        return "tcp";
    }
}
