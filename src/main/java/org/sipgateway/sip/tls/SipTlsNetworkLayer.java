package org.sipgateway.sip.tls;

import java.io.IOException;
import java.net.ConnectException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import gov.nist.core.net.NetworkLayer;
import gov.nist.javax.sip.SipStackImpl;

/**
 * The sockets of a JAIN-SIP stack that talks TLS to the gateway's SIP server, installed with the
 * stack property {@code gov.nist.javax.sip.NETWORK_LAYER}. The RI's own {@code SslNetworkLayer}
 * only reads key stores named by {@code javax.net.ssl.*} and never checks the server's host name;
 * this one takes its trust from a PEM file and checks the certificate against the host name of
 * {@code gateway.sip.server} ({@link SipTlsProperties}), and sets no JVM-wide system property.
 *
 * <p>The stack creates this class by its no-argument constructor and then calls
 * {@link #setSipStack}, so the settings come from the stack's own configuration properties.
 */
public final class SipTlsNetworkLayer implements NetworkLayer {

    private static final int CONNECT_TIMEOUT_MILLIS = 8000;

    private SSLContext context;
    private String serverHost;
    private String[] protocols;

    public SipTlsNetworkLayer() {
    }

    @Override
    public void setSipStack(SipStackImpl stack) {
        Properties properties = stack.getConfigurationProperties();
        serverHost = properties.getProperty(SipTlsProperties.SERVER_HOST, "");
        protocols = SipTlsProperties.PROTOCOLS.split(",");
        // Runs inside the SipStackImpl constructor: an unreadable trust file stops the stack from
        // being built at all, with the file's name in the message.
        context = PemTrust.clientContext(properties.getProperty(SipTlsProperties.TRUST_FILE, ""));
    }

    /**
     * Connects in clear, then layers TLS over the connection with the configured server's host
     * name: that name is what the certificate must carry (endpoint identification "HTTPS",
     * RFC 5922 §7.2) and what SNI announces. The handshake itself is started by the stack.
     */
    @Override
    public SSLSocket createSSLSocket(InetAddress address, int port, InetAddress myAddress) throws IOException {
        Socket plain = createSocket(address, port, myAddress);
        String identity = identityFor(address);
        SSLSocket socket;
        try {
            socket = (SSLSocket) context.getSocketFactory().createSocket(plain, identity, port, true);
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        parameters.setProtocols(protocols);
        if (!isLiteral(identity)) {
            parameters.setServerNames(List.of(new SNIHostName(identity)));
        }
        socket.setSSLParameters(parameters);
        return socket;
    }

    @Override
    public SSLSocket createSSLSocket(InetAddress address, int port) throws IOException {
        return createSSLSocket(address, port, null);
    }

    /**
     * The TLS listener. Without a key of its own it can accept no handshake: in-dialog requests
     * from the server come over the connection the gateway opened (RFC 5923 connection reuse).
     */
    @Override
    public SSLServerSocket createSSLServerSocket(int port, int backlog, InetAddress bindAddress) throws IOException {
        SSLServerSocket socket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(port, backlog, bindAddress);
        socket.setEnabledProtocols(protocols);
        return socket;
    }

    /**
     * The name the server's certificate must carry. Every request goes to the configured server,
     * so a connection to one of its addresses is checked against its configured name; a
     * connection anywhere else (none is expected) must present a certificate for that IP address.
     */
    private String identityFor(InetAddress address) {
        if (!serverHost.isEmpty()) {
            try {
                if (Arrays.asList(InetAddress.getAllByName(serverHost)).contains(address)) {
                    return serverHost;
                }
            } catch (UnknownHostException e) {
                // Fall through: the peer's own address is the only identity left to check.
            }
        }
        return address.getHostAddress();
    }

    private static boolean isLiteral(String host) {
        return host.contains(":") || host.matches("[0-9.]+");
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress bindAddress) throws IOException {
        return new ServerSocket(port, backlog, bindAddress);
    }

    @Override
    public Socket createSocket(InetAddress address, int port) throws IOException {
        return createSocket(address, port, null);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress myAddress) throws IOException {
        return createSocket(address, port, myAddress, 0);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress myAddress, int myPort) throws IOException {
        Socket socket = new Socket();
        try {
            if (myAddress != null) {
                socket.bind(new InetSocketAddress(myAddress, 0));
            }
            socket.connect(new InetSocketAddress(address, port), CONNECT_TIMEOUT_MILLIS);
            return socket;
        } catch (SocketTimeoutException e) {
            socket.close();
            throw new ConnectException("no connection to " + address.getHostAddress() + ":" + port + " within "
                    + CONNECT_TIMEOUT_MILLIS + " ms");
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    @Override
    public DatagramSocket createDatagramSocket() throws SocketException {
        return new DatagramSocket();
    }

    @Override
    public DatagramSocket createDatagramSocket(int port, InetAddress bindAddress) throws SocketException {
        return new DatagramSocket(port, bindAddress);
    }
}
