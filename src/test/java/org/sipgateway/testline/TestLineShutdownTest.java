package org.sipgateway.testline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** close() releases the SIP and RTP ports, can be called twice, and a new line can take the same port. */
class TestLineShutdownTest {

    @Test
    void closeFreesPortsAndIsIdempotent() throws Exception {
        TestLine line = TestLine.start("127.0.0.1", 0, TestLineOptions.defaults());
        int sipPort = line.sipPort();
        int rtpPort = line.rtpPort();
        assertEquals(true, line.tcpEnabled());
        line.close();
        line.close();

        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (DatagramSocket sipUdp = new DatagramSocket(new InetSocketAddress(loopback, sipPort));
             ServerSocket sipTcp = new ServerSocket(sipPort, 1, loopback);
             DatagramSocket rtp = new DatagramSocket(new InetSocketAddress(loopback, rtpPort))) {
            assertEquals(sipPort, sipUdp.getLocalPort());
            assertEquals(sipPort, sipTcp.getLocalPort());
            assertEquals(rtpPort, rtp.getLocalPort());
        }

        // Same port, hence the same stack name, again: a fresh stack that answers.
        try (TestLine again = TestLine.start("127.0.0.1", sipPort, TestLineOptions.defaults());
             RawSipClient sip = new RawSipClient(sipPort)) {
            assertEquals(sipPort, again.sipPort());
            sip.send("OPTIONS", sip.target(), 1, null, null, null, null);
            sip.expect(200);
        }
    }

    @Test
    void leavesNoNonDaemonThreadsBehind() throws Exception {
        Set<Thread> before = nonDaemonThreads();
        try (TestLine line = TestLine.start("127.0.0.1", 0, TestLineOptions.defaults())) {
            assertEquals(0, line.activeCalls());
        }
        long deadline = System.currentTimeMillis() + 5000;
        Set<Thread> left;
        do {
            left = nonDaemonThreads();
            left.removeAll(before);
            if (left.isEmpty()) {
                break;
            }
            Thread.sleep(50);
        } while (System.currentTimeMillis() < deadline);
        assertEquals(Set.of(), left, "non-daemon threads the test line started are still running after close()");
    }

    /** Compared before and after, so threads of other tests in the same JVM do not count. */
    private static Set<Thread> nonDaemonThreads() {
        Set<Thread> threads = new HashSet<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.isAlive() && !thread.isDaemon()) {
                threads.add(thread);
            }
        }
        return threads;
    }
}
