package org.sipgateway.sip;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;

import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import gov.nist.core.net.DefaultNetworkLayer;
import gov.nist.core.net.NetworkLayer;
import gov.nist.javax.sip.SipStackImpl;

/**
 * The stack's sockets as its own default network layer makes them, except that a TCP connection
 * someone else opened to the gateway is closed after {@code gateway.sip.tcp.idle-timeout} seconds
 * without a byte (CRLF keep-alives count, RFC 5626 §4.4.1). The stack's blocking transport spends
 * two threads per connection and never closes an idle one itself; its non-blocking transport
 * would, but lost outbound TCP INVITEs (see {@link JainSipStacks#connectionLimits}). A read
 * timeout on the accepted socket ends the stack's blocking read with an {@code IOException}, on
 * which the stack closes the connection and frees both threads. Connections the gateway opened
 * (to its server) are left to the stack's connection cache.
 *
 * <p>The stack builds this class by its no-argument constructor and then calls
 * {@link #setSipStack}, so the timeout comes from the stack's configuration properties.
 */
public final class IdleClosingNetworkLayer implements NetworkLayer {

    /** Stack property: idle milliseconds before an accepted connection is closed; 0 never. */
    static final String IDLE_MILLIS = "org.sipgateway.sip.TCP_IDLE_MILLIS";

    private final NetworkLayer stock = DefaultNetworkLayer.SINGLETON;
    private int idleMillis;

    public IdleClosingNetworkLayer() {
    }

    @Override
    public void setSipStack(SipStackImpl stack) {
        stock.setSipStack(stack);
        idleMillis = Integer.parseInt(stack.getConfigurationProperties().getProperty(IDLE_MILLIS, "0"));
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress bindAddress) throws IOException {
        return new IdleTimeoutServerSocket(port, backlog, bindAddress, idleMillis);
    }

    @Override
    public Socket createSocket(InetAddress address, int port) throws IOException {
        return stock.createSocket(address, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress myAddress) throws IOException {
        return stock.createSocket(address, port, myAddress);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress myAddress, int myPort) throws IOException {
        return stock.createSocket(address, port, myAddress, myPort);
    }

    @Override
    public DatagramSocket createDatagramSocket() throws SocketException {
        return stock.createDatagramSocket();
    }

    @Override
    public DatagramSocket createDatagramSocket(int port, InetAddress bindAddress) throws SocketException {
        return stock.createDatagramSocket(port, bindAddress);
    }

    @Override
    public SSLServerSocket createSSLServerSocket(int port, int backlog, InetAddress bindAddress) throws IOException {
        return stock.createSSLServerSocket(port, backlog, bindAddress);
    }

    @Override
    public SSLSocket createSSLSocket(InetAddress address, int port) throws IOException {
        return stock.createSSLSocket(address, port);
    }

    @Override
    public SSLSocket createSSLSocket(InetAddress address, int port, InetAddress myAddress) throws IOException {
        return stock.createSSLSocket(address, port, myAddress);
    }

    /** Sets the read timeout on every connection it accepts. */
    private static final class IdleTimeoutServerSocket extends ServerSocket {

        private final int idleMillis;

        IdleTimeoutServerSocket(int port, int backlog, InetAddress bindAddress, int idleMillis) throws IOException {
            super(port, backlog, bindAddress);
            this.idleMillis = idleMillis;
        }

        @Override
        public Socket accept() throws IOException {
            Socket socket = super.accept();
            socket.setSoTimeout(idleMillis);
            return socket;
        }
    }
}
