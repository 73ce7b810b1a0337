package org.sipgateway.support;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Loopback ports that are free right now, for the gateway and its peers in tests. They come from
 * 20000-31999: below the gateway's default RTP range (32000) and below the kernel's ephemeral
 * range (32768 and up), so no outgoing connection can take one between the check and the bind.
 * A port is never handed out twice in one JVM.
 */
public final class FreePorts {

    private static final int LOW = 20000;
    private static final int HIGH = 31999;
    private static final int ATTEMPTS = 500;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {
    }

    public static int tcp() {
        return block(1, false, true);
    }

    /** A port free for both UDP and TCP, as SIP listeners want. */
    public static int udpAndTcp() {
        return block(1, true, true);
    }

    /** The first of {@code size} consecutive UDP ports, starting on an even one (RTP and RTCP pairs). */
    public static int evenUdpBlock(int size) {
        return block(size, true, false);
    }

    private static int block(int size, boolean udp, boolean tcp) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int first = LOW + 2 * ThreadLocalRandom.current().nextInt((HIGH - LOW - size) / 2);
            if (free(first, size, udp, tcp) && reserve(first, size)) {
                return first;
            }
        }
        throw new IllegalStateException("no free block of " + size + " port(s) in " + LOW + "-" + HIGH);
    }

    private static boolean free(int first, int size, boolean udp, boolean tcp) {
        for (int port = first; port < first + size; port++) {
            if (HANDED_OUT.contains(port) || (udp && !udpBindable(port)) || (tcp && !tcpBindable(port))) {
                return false;
            }
        }
        return true;
    }

    private static synchronized boolean reserve(int first, int size) {
        for (int port = first; port < first + size; port++) {
            if (HANDED_OUT.contains(port)) {
                return false;
            }
        }
        for (int port = first; port < first + size; port++) {
            HANDED_OUT.add(port);
        }
        return true;
    }

    private static boolean udpBindable(int port) {
        try (DatagramSocket socket = new DatagramSocket(null)) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean tcpBindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
