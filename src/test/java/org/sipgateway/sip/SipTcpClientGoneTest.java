package org.sipgateway.sip;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.GatewayTestSupport;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A TCP client that closes its connection right after its request: the stack cannot answer
 * (RFC 3261 §18.2.2 has it try to connect back, which is refused). Each such request leaves at
 * most one INFO line (a request whose answer still made it before the close leaves none); none of
 * the stack's own ERROR or WARN lines, which a stranger could otherwise repeat to fill the log.
 */
class SipTcpClientGoneTest extends GatewayTestSupport {

    private static final int REQUESTS = 3;

    @Test
    void aVanishedClientsRequestLeavesOneQuietLine() throws Exception {
        int before = logs.lines().size();
        for (int i = 0; i < REQUESTS; i++) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), sipPort)) {
                socket.setSoLinger(true, 0); // the close resets the connection at once
                OutputStream out = socket.getOutputStream();
                out.write(("OPTIONS sip:gateway@127.0.0.1:" + sipPort + ";transport=tcp SIP/2.0\r\n"
                        + "Via: SIP/2.0/TCP 127.0.0.1:" + socket.getLocalPort() + ";branch=z9hG4bK-gone" + i + "\r\n"
                        + "Max-Forwards: 70\r\n"
                        + "From: <sip:tester@127.0.0.1>;tag=gone" + i + "\r\n"
                        + "To: <sip:gateway@127.0.0.1>\r\n"
                        + "Call-ID: gone" + i + "@127.0.0.1\r\n"
                        + "CSeq: 1 OPTIONS\r\n"
                        + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        List<String> lines;
        do {
            Thread.sleep(50); // polling the log for the stack's give-up
            List<String> all = logs.lines();
            lines = all.subList(before, all.size());
        } while (lines.stream().filter(l -> l.contains("Could not answer OPTIONS")).count() < REQUESTS
                && System.nanoTime() < deadline);
        long unanswered = lines.stream().filter(l -> l.contains("Could not answer OPTIONS")).count();
        assertTrue(unanswered >= 1 && unanswered <= REQUESTS, unanswered + " lines:\n" + String.join("\n", lines));
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("ERROR") || l.startsWith("WARN")),
                "no ERROR or WARN line:\n" + String.join("\n", lines));
    }
}
