package org.sipgateway.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A raw SIP-over-TCP connection to the gateway on 127.0.0.1, for tests of the transport itself. */
public final class SipTcpClient implements AutoCloseable {

    private final Socket socket;
    private final int gatewayPort;

    private SipTcpClient(Socket socket, int gatewayPort) {
        this.socket = socket;
        this.gatewayPort = gatewayPort;
    }

    public static SipTcpClient connect(int gatewayPort) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), gatewayPort), 2000);
        socket.setSoTimeout(5000);
        return new SipTcpClient(socket, gatewayPort);
    }

    public Socket socket() {
        return socket;
    }

    /** Sends OPTIONS whose top Via names 127.0.0.1:viaPort; returns the final response read here. */
    public String options(int viaPort, String id) throws IOException {
        return options("127.0.0.1", viaPort, id);
    }

    /** The same with another Via host; "closed" when the connection ends before a final response. */
    public String options(String viaHost, int viaPort, String id) throws IOException {
        String request = "OPTIONS sip:gateway@127.0.0.1:" + gatewayPort + ";transport=tcp SIP/2.0\r\n"
                + "Via: SIP/2.0/TCP " + viaHost + ":" + viaPort + ";branch=z9hG4bK-" + id + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:tester@127.0.0.1>;tag=t-" + id + "\r\n"
                + "To: <sip:gateway@127.0.0.1>\r\n"
                + "Call-ID: " + id + "@127.0.0.1\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "Content-Length: 0\r\n\r\n";
        write(request);
        while (true) {
            String response = readMessage();
            if (response == null) {
                return "closed";
            }
            if (!response.startsWith("SIP/2.0 1")) {
                return response;
            }
        }
    }

    /** A CRLF keep-alive ping (RFC 5626 §4.4.1). */
    public void keepAlive() throws IOException {
        write("\r\n\r\n");
    }

    /**
     * True when the gateway closes the connection within waitMillis; false when it stays open.
     * CRLF keep-alive bytes (the gateway's pongs, or its own pings) do not count as traffic.
     */
    public boolean closedByPeer(int waitMillis) throws IOException {
        long deadline = System.nanoTime() + waitMillis * 1_000_000L;
        try {
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    return false;
                }
                socket.setSoTimeout((int) left);
                int b = socket.getInputStream().read();
                if (b < 0) {
                    return true;
                }
                if (b != '\r' && b != '\n') {
                    return false;
                }
            }
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (java.net.SocketException e) {
            return true; // reset by the peer
        } finally {
            if (!socket.isClosed()) {
                socket.setSoTimeout(5000);
            }
        }
    }

    private void write(String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    /** One SIP message: the head up to the blank line, then Content-Length bytes of body. */
    private String readMessage() throws IOException {
        InputStream in = socket.getInputStream();
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

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
