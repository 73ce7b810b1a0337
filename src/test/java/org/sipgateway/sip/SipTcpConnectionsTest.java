package org.sipgateway.sip;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.GatewayTestSupport;
import org.sipgateway.support.NetNamespace;

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
                Socket socket = connectToGateway()) {
            String reply = options(socket, viaListener.getLocalPort(), "via1");
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
                Socket socket = connectToGateway()) {
            String reply = options(socket, other.hostAddress(), viaListener.getLocalPort(), "via-other-host");
            assertTrue(reply.startsWith("SIP/2.0 200 "), "the response on the request's connection: " + reply);
            viaListener.setSoTimeout(500);
            assertThrows(SocketTimeoutException.class, viaListener::accept, "the gateway connected to the host in the Via");
        }
    }

    @Test
    void connectionsAreCapped() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        try {
            int threadsBefore = Thread.activeCount();
            for (int i = 0; i < MAX_CONNECTIONS; i++) {
                Socket socket = connectToGateway();
                sockets.add(socket);
                assertTrue(options(socket, socket.getLocalPort(), "cap" + i).startsWith("SIP/2.0 200 "), "connection " + i);
            }
            int threadsAfter = Thread.activeCount();
            // Printed, not asserted: the stack's blocking transport spends two threads per connection.
            System.out.println("SIP TCP: threads before " + threadsBefore + ", with " + MAX_CONNECTIONS
                    + " idle connections " + threadsAfter);

            Socket extra = new Socket();
            sockets.add(extra);
            extra.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), sipPort), 2000);
            extra.setSoTimeout(5000);
            String reply;
            try {
                reply = options(extra, extra.getLocalPort(), "capx");
            } catch (IOException e) {
                reply = "closed: " + e;
            }
            assertTrue(!reply.startsWith("SIP/2.0 200 "), "connection " + (MAX_CONNECTIONS + 1) + " is refused, got " + reply);
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    private Socket connectToGateway() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), sipPort), 2000);
        socket.setSoTimeout(5000);
        return socket;
    }

    /** Sends OPTIONS whose top Via names 127.0.0.1:viaPort; returns the final response read on this socket. */
    private String options(Socket socket, int viaPort, String id) throws IOException {
        return options(socket, "127.0.0.1", viaPort, id);
    }

    private String options(Socket socket, String viaHost, int viaPort, String id) throws IOException {
        String request = "OPTIONS sip:gateway@127.0.0.1:" + sipPort + ";transport=tcp SIP/2.0\r\n"
                + "Via: SIP/2.0/TCP " + viaHost + ":" + viaPort + ";branch=z9hG4bK-" + id + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:tester@127.0.0.1>;tag=t-" + id + "\r\n"
                + "To: <sip:gateway@127.0.0.1>\r\n"
                + "Call-ID: " + id + "@127.0.0.1\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "Content-Length: 0\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        while (true) {
            String response = readMessage(in);
            if (response == null) {
                return "closed";
            }
            if (!response.startsWith("SIP/2.0 1")) {
                return response;
            }
        }
    }

    /** One SIP message: the head up to the blank line, then Content-Length bytes of body. */
    private static String readMessage(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            if (head.length() == 0 && (b == '\r' || b == '\n')) {
                continue; // keep-alive CRLFs between messages
            }
            head.append((char) b);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        in.readNBytes(length);
        return head.toString();
    }

}
