package org.sipgateway.sip;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.GatewayTestSupport;
import org.sipgateway.support.SipTcpClient;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 7 observation 5, second half: idle SIP TCP connections opened to the gateway are closed
 * after gateway.sip.tcp.idle-timeout, and their threads come back; CRLF keep-alives keep one open.
 */
class SipTcpIdleTimeoutTest extends GatewayTestSupport {

    private static final int CONNECTIONS = 30;

    @Override
    protected void settings(Properties properties) {
        properties.setProperty("gateway.sip.tcp.idle-timeout", "1");
    }

    @Test
    void idleConnectionsAreClosedAndTheirThreadsEnd() throws Exception {
        int threadsBefore = Thread.activeCount();
        List<SipTcpClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < CONNECTIONS; i++) {
                SipTcpClient client = SipTcpClient.connect(sipPort);
                clients.add(client);
                assertTrue(client.options(client.socket().getLocalPort(), "idle" + i).startsWith("SIP/2.0 200 "), "connection " + i);
            }
            int threadsOpen = Thread.activeCount();
            for (SipTcpClient client : clients) {
                assertTrue(client.closedByPeer(10_000), "the gateway closed the idle connection");
            }
            int threadsClosed = threadsOpen;
            for (int i = 0; i < 100 && threadsClosed > threadsBefore + 2; i++) {
                Thread.sleep(50); // polling: the stack's threads end just after the close
                threadsClosed = Thread.activeCount();
            }
            System.out.println("SIP TCP idle: threads before " + threadsBefore + ", with " + CONNECTIONS
                    + " connections " + threadsOpen + ", after the idle timeout " + threadsClosed);
            assertTrue(threadsOpen >= threadsBefore + CONNECTIONS, "each connection had its threads: " + threadsOpen);
            assertTrue(threadsClosed <= threadsBefore + 2, "the threads ended: " + threadsBefore + " -> " + threadsClosed);
        } finally {
            for (SipTcpClient client : clients) {
                client.close();
            }
        }
    }

    @Test
    void keepAlivesKeepAConnectionOpen() throws Exception {
        try (SipTcpClient client = SipTcpClient.connect(sipPort)) {
            assertTrue(client.options(client.socket().getLocalPort(), "ka1").startsWith("SIP/2.0 200 "));
            for (int i = 0; i < 6; i++) {
                client.keepAlive();
                assertFalse(client.closedByPeer(400), "open after " + (i + 1) * 400 + " ms of keep-alives");
            }
            assertTrue(client.options(client.socket().getLocalPort(), "ka2").startsWith("SIP/2.0 200 "),
                    "still served after 2.4 s, twice the idle timeout");
        }
    }
}
