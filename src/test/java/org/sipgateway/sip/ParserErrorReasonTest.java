package org.sipgateway.sip;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.GatewayTestSupport;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 7 observation 9, the reason phrases: a request whose required header does not parse is
 * answered 400 by the SIP stack itself, and its reason phrase used to carry the parser's
 * internals ({@code [C@75c14d58}, raw line feeds, "ID expected"). Every such answer must be one
 * printable status line that names at most the header.
 */
class ParserErrorReasonTest extends GatewayTestSupport {

    /** Required headers (RFC 3261 §8.1.1) written so the RI's lexer fails on them. */
    private static final List<String> BROKEN = List.of(
            "Call-ID: <>@@\r\n",
            "CSeq: one INVITE\r\n",
            "From: <sip:a@127.0.0.1\r\n",
            "Max-Forwards: seventy\r\n");

    @Test
    void everyRefusalHasAPlainReasonPhrase() throws Exception {
        List<String> problems = new ArrayList<>();
        int answered = 0;
        for (String header : BROKEN) {
            String reply = send(header);
            if (reply == null) {
                continue;
            }
            answered++;
            String status = reply.substring(0, Math.max(0, reply.indexOf("\r\n")));
            boolean clean = status.startsWith("SIP/2.0 400 ") && status.chars().allMatch(c -> c >= 0x20 && c < 0x7f)
                    && !status.contains("[C@") && !status.contains("expected");
            if (!clean) {
                problems.add(header.trim() + " -> " + status.replace("\n", "\\n"));
            }
        }
        assertTrue(answered > 0, "the stack answered none of the malformed requests, so nothing was checked");
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    private String send(String brokenHeader) throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            int local = socket.getLocalPort();
            String request = "OPTIONS sip:gateway@127.0.0.1:" + sipPort + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + local + ";branch=z9hG4bK-parse-" + System.nanoTime() + "\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "To: <sip:gateway@127.0.0.1>\r\n"
                    + "From: <sip:tester@127.0.0.1>;tag=pt1\r\n"
                    + "Call-ID: parse-" + System.nanoTime() + "@127.0.0.1\r\n"
                    + "CSeq: 1 OPTIONS\r\n"
                    + "Content-Length: 0\r\n\r\n";
            String name = brokenHeader.substring(0, brokenHeader.indexOf(':') + 1);
            request = request.replaceFirst("(?m)^" + java.util.regex.Pattern.quote(name) + "[^\r]*\r\n",
                    java.util.regex.Matcher.quoteReplacement(brokenHeader));
            byte[] bytes = request.getBytes(StandardCharsets.ISO_8859_1);
            socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), sipPort));
            socket.setSoTimeout(1500);
            try {
                DatagramPacket reply = new DatagramPacket(new byte[8192], 8192);
                socket.receive(reply);
                return new String(reply.getData(), 0, reply.getLength(), StandardCharsets.ISO_8859_1);
            } catch (SocketTimeoutException e) {
                return null;
            }
        }
    }
}
