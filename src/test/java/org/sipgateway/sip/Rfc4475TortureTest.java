package org.sipgateway.sip;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.EncodedLogCapture;
import org.sipgateway.support.GatewayTestSupport;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 7 observation 9: RFC 4475 torture messages sent over UDP while a healthy call runs. The
 * fixtures under /sip/rfc4475/ are the RFC's §3 messages, named after their section and the RFC's
 * own name, with its §2 conventions expanded (hex escapes to the raw octets, long lines joined,
 * repeats written out) and CRLF line ends. To send them here, every host in the Request-URI, Via,
 * Contact, Route, To, From and SDP is 127.0.0.1 (the Request-URI's port and the top Via's port are
 * filled in), the top Via says UDP, and a Content-Length that gave the body's true length still
 * does. Each valid one gets an answer (an error status is an answer); each invalid one a 400 with
 * a clean reason phrase, or nothing; no log line carries a raw control character or
 * U+2028/U+2029, none is at ERROR; the call's audio carries on. The "extra-" fixtures are not from
 * the RFC: a Call-ID with BEL, NUL and U+2028, and a start line that is not SIP.
 */
class Rfc4475TortureTest extends GatewayTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(10);
    /** What the gateway answers to mcl01: the parser refuses a second Content-Length before the stack picks one. */
    private static final String MCL01_ANSWER = "SIP/2.0 400 Bad Request (malformed ContentLength header)";
    private static final List<String> VALID = List.of(
            "valid-3.1.1.1-wsinv.sip", "valid-3.1.1.2-intmeth.sip", "valid-3.1.1.3-esc01.sip",
            "valid-3.1.1.4-escnull.sip", "valid-3.1.1.5-esc02.sip", "valid-3.1.1.6-lwsdisp.sip",
            "valid-3.1.1.7-longreq.sip", "valid-3.3.2-unkscm.sip", "valid-3.3.6-invut.sip");
    private static final List<String> INVALID = List.of(
            "invalid-3.1.2.1-badinv01.sip", "invalid-3.1.2.2-clerr.sip", "invalid-3.1.2.3-ncl.sip",
            "invalid-3.1.2.4-scalar02.sip", "invalid-3.1.2.6-quotbal.sip", "invalid-3.1.2.7-ltgtruri.sip",
            "invalid-3.1.2.8-lwsruri.sip", "invalid-3.1.2.17-mismatch01.sip", "invalid-3.3.1-insuf.sip",
            "invalid-3.3.8-multi01.sip", "extra-invalid-ctl-callid.sip", "extra-invalid-garbage.sip");

    @Test
    void tortureMessagesAreAnsweredCleanlyWhileACallRuns() throws Exception {
        List<String> problems = new ArrayList<>();
        List<String> encoded;
        try (EncodedLogCapture encodedLogs = EncodedLogCapture.install();
                WsClient client = connect()) {
            client.send("CALL:0912345678");
            assertEquals("CALL_STATE:ANSWERED", client.nextStartingWith("CALL_STATE:ANSWERED", WAIT));
            client.nextStartingWith("RTP:", WAIT);

            for (String name : VALID) {
                String reply = send(name, 4000);
                if (reply == null) {
                    problems.add(name + ": a valid request got no answer");
                } else if (!cleanStatusLine(reply)) {
                    problems.add(name + ": status line not clean: " + firstLine(reply));
                }
            }
            for (String name : INVALID) {
                String reply = send(name, 1500);
                if (reply != null && !(reply.startsWith("SIP/2.0 400 ") && cleanStatusLine(reply))) {
                    problems.add(name + ": an invalid request was answered " + firstLine(reply));
                }
            }
            String mcl01 = send("invalid-3.3.9-mcl01.sip", 4000);
            // RFC 4475 §3.3.9: two Content-Length values, so no way to know where the body ends.
            if (mcl01 == null || !MCL01_ANSWER.equals(firstLine(mcl01))) {
                problems.add("invalid-3.3.9-mcl01.sip: expected " + MCL01_ANSWER + ", got "
                        + (mcl01 == null ? "no answer" : firstLine(mcl01)));
            }
            for (int i = 0; i < 20; i++) {
                client.nextStartingWith("RTP:", WAIT);
            }
            client.send("HANGUP");
            assertEquals("CALL_STATE:ENDED:local-bye", client.nextStartingWith("CALL_STATE", WAIT));
            encoded = encodedLogs.events();
        }
        for (String event : encoded) {
            // One event is one line: its only line break is the final one (stack traces aside, checked below).
            String line = event.endsWith("\n") ? event.substring(0, event.length() - 1) : event;
            if (line.contains("\n\tat ")) {
                problems.add("stack trace in the log: " + line);
                continue;
            }
            if (line.chars().anyMatch(c -> c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029)) {
                problems.add("raw control character in a log line: " + line.replaceAll("\\p{Cntrl}|\u2028|\u2029", "<?>"));
            }
            if (line.contains(" ERROR ")) {
                problems.add("ERROR in the log: " + line);
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    private static boolean cleanStatusLine(String reply) {
        String status = firstLine(reply);
        return status.chars().allMatch(c -> c >= 0x20 && c < 0x7f) && !status.contains("[C@") && !status.contains("expected");
    }

    private static String firstLine(String reply) {
        int end = reply.indexOf("\r\n");
        return end < 0 ? reply : reply.substring(0, end);
    }

    private byte[] fixture(String name, int localPort) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/sip/rfc4475/" + name)) {
            String text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            return text.replace("${PORT}", Integer.toString(sipPort)).replace("${LOCAL}", Integer.toString(localPort))
                    .getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    /** Each fixture from its own socket: retransmitted answers to an earlier one cannot be mistaken for its answer. */
    private String send(String name, int waitMillis) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return exchange(socket, fixture(name, socket.getLocalPort()), waitMillis);
        }
    }

    /** The final response (1xx skipped), or null if none comes within the wait. */
    private String exchange(DatagramSocket socket, byte[] request, int waitMillis) throws IOException {
        socket.send(new DatagramPacket(request, request.length, InetAddress.getLoopbackAddress(), sipPort));
        socket.setSoTimeout(waitMillis);
        try {
            while (true) {
                DatagramPacket reply = new DatagramPacket(new byte[8192], 8192);
                socket.receive(reply);
                String text = new String(reply.getData(), 0, reply.getLength(), StandardCharsets.ISO_8859_1);
                if (!text.startsWith("SIP/2.0 1")) {
                    return text;
                }
            }
        } catch (SocketTimeoutException e) {
            return null;
        }
    }
}
