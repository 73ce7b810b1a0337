package org.sipgateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Ports the operating system says are free right now, on loopback. */
public final class FreePorts {

    private FreePorts() {
    }

    public static int tcp() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A port free for both UDP and TCP, as SIP listeners want. */
    public static int udpAndTcp() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = tcp();
            try (DatagramSocket udp = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException e) {
                // taken for UDP: try another
            }
        }
        throw new IllegalStateException("no port free for both UDP and TCP");
    }
}
