package org.sipgateway.sip;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.GatewayTestSupport;
import org.sipgateway.support.NetNamespace;
import org.sipgateway.support.SipTcpClient;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 7 observation 5, SIP over TCP: a response goes back on the connection its request came in
 * on even when the top Via names another address (RFC 3261 §18.2.2); connections are capped by
 * gateway.sip.tcp.max-connections.
 */
class SipTcpConnectionsTest extends GatewayTestSupport {

    private static final int MAX_CONNECTIONS = 50;

    @Override
    protected void settings(Properties properties) {
        properties.setProperty("gateway.sip.tcp.max-connections", Integer.toString(MAX_CONNECTIONS));
    }

    @Test
    void responseComesOnTheRequestsConnectionNotToTheViaAddress() throws Exception {
        try (ServerSocket viaListener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
                SipTcpClient client = SipTcpClient.connect(sipPort)) {
            String reply = client.options(viaListener.getLocalPort(), "via1");
            assertTrue(reply.startsWith("SIP/2.0 200 "), reply);
            // The response already came; a connection to the Via's address would have been opened first.
            viaListener.setSoTimeout(500);
            assertThrows(SocketTimeoutException.class, viaListener::accept, "the gateway opened a connection to the Via address");
        }
    }

    /**
     * The same with another host in the Via, as observed: the address of this machine's end of a
     * test network namespace (never a real network), where a listener stands in for that host.
     */
    @Test
    void responseIsNotSentToAnotherHostNamedInTheVia() throws Exception {
        try (NetNamespace other = NetNamespace.create();
                ServerSocket viaListener = new ServerSocket(0, 5, InetAddress.getByName(other.hostAddress()));
                SipTcpClient client = SipTcpClient.connect(sipPort)) {
            String reply = client.options(other.hostAddress(), viaListener.getLocalPort(), "via-other-host");
            assertTrue(reply.startsWith("SIP/2.0 200 "), "the response on the request's connection: " + reply);
            viaListener.setSoTimeout(500);
            assertThrows(SocketTimeoutException.class, viaListener::accept, "the gateway connected to the host in the Via");
        }
    }

    @Test
    void connectionsAreCapped() throws Exception {
        List<SipTcpClient> clients = new ArrayList<>();
        try {
            int threadsBefore = Thread.activeCount();
            for (int i = 0; i < MAX_CONNECTIONS; i++) {
                SipTcpClient client = SipTcpClient.connect(sipPort);
                clients.add(client);
                assertTrue(client.options(client.socket().getLocalPort(), "cap" + i).startsWith("SIP/2.0 200 "), "connection " + i);
            }
            int threadsAfter = Thread.activeCount();
            // Printed, not asserted: the stack's blocking transport spends two threads per connection.
            System.out.println("SIP TCP: threads before " + threadsBefore + ", with " + MAX_CONNECTIONS
                    + " idle connections " + threadsAfter);

            SipTcpClient extra = SipTcpClient.connect(sipPort);
            clients.add(extra);
            String reply;
            try {
                reply = extra.options(extra.socket().getLocalPort(), "capx");
            } catch (IOException e) {
                reply = "closed: " + e;
            }
            assertFalse(reply.startsWith("SIP/2.0 200 "), "connection " + (MAX_CONNECTIONS + 1) + " is refused, got " + reply);
        } finally {
            for (SipTcpClient client : clients) {
                client.close();
            }
        }
    }
}
