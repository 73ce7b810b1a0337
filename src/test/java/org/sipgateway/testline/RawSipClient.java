package org.sipgateway.testline;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * A deliberately small SIP user agent client over UDP, written from RFC 3261 without JAIN-SIP, so tests can
 * control every message (hold back an ACK, send odd requests) against the test line's real SIP socket.
 */
final class RawSipClient implements AutoCloseable {

    /** A received SIP message: first line, headers (lower-case names, in order) and body. */
    record Message(String firstLine, Map<String, List<String>> headers, String body) {
        int status() {
            return firstLine.startsWith("SIP/2.0 ") ? Integer.parseInt(firstLine.substring(8, 11)) : -1;
        }

        boolean isRequest() {
            return !firstLine.startsWith("SIP/2.0 ");
        }

        String method() {
            return firstLine.substring(0, firstLine.indexOf(' '));
        }

        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        List<String> all(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }

        String toTag() {
            String to = header("To");
            int i = to.indexOf(";tag=");
            return i < 0 ? null : to.substring(i + 5).split(";")[0].trim();
        }

        /** The URI inside the Contact header. */
        String contactUri() {
            String contact = header("Contact");
            int lt = contact.indexOf('<');
            return lt < 0 ? contact.split(";")[0].trim() : contact.substring(lt + 1, contact.indexOf('>'));
        }
    }

    private final DatagramSocket socket;
    private final InetSocketAddress server;
    final String callId = UUID.randomUUID() + "@127.0.0.1";
    final String fromTag = Long.toHexString(System.nanoTime());
    private String lastInviteBranch;

    RawSipClient(int serverPort) throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        server = new InetSocketAddress(InetAddress.getLoopbackAddress(), serverPort);
    }

    int port() {
        return socket.getLocalPort();
    }

    String target() {
        return "sip:echo@127.0.0.1:" + server.getPort();
    }

    static String newBranch() {
        return "z9hG4bK" + UUID.randomUUID().toString().replace("-", "");
    }

    /** Sends a request; {@code toTag} null for out-of-dialog. Returns the Via branch used. */
    String send(String method, String requestUri, int cseq, String toTag, String branch, String contentType,
                String body) throws IOException {
        if (branch == null) {
            branch = newBranch();
        }
        String content = body == null ? "" : body;
        StringBuilder m = new StringBuilder()
                .append(method).append(' ').append(requestUri).append(" SIP/2.0\r\n")
                .append("Via: SIP/2.0/UDP 127.0.0.1:").append(port()).append(";branch=").append(branch)
                .append(";rport\r\n")
                .append("Max-Forwards: 70\r\n")
                .append("From: <sip:raw@127.0.0.1:").append(port()).append(">;tag=").append(fromTag).append("\r\n")
                .append("To: <").append(target()).append('>').append(toTag == null ? "" : ";tag=" + toTag)
                .append("\r\n")
                .append("Call-ID: ").append(callId).append("\r\n")
                .append("CSeq: ").append(cseq).append(' ').append(method).append("\r\n")
                .append("Contact: <sip:raw@127.0.0.1:").append(port()).append(">\r\n");
        if (!content.isEmpty()) {
            m.append("Content-Type: ").append(contentType).append("\r\n");
        }
        m.append("Content-Length: ").append(content.getBytes(StandardCharsets.UTF_8).length).append("\r\n\r\n")
                .append(content);
        sendRaw(m.toString());
        if (method.equals("INVITE") && toTag == null) {
            lastInviteBranch = branch;
        }
        return branch;
    }

    String invite(String sdp) throws IOException {
        return send("INVITE", target(), 1, null, null, "application/sdp", sdp);
    }

    /** ACK for a 2xx: a new transaction sent to the Contact of the 200 (RFC 3261 §13.2.2.4). */
    void ack2xx(Message ok) throws IOException {
        ack2xx(ok, 1);
    }

    void ack2xx(Message ok, int cseq) throws IOException {
        send("ACK", ok.contactUri(), cseq, ok.toTag(), null, null, null);
    }

    /** Receives until a request with {@code method} arrives. */
    Message expectRequest(String method, int timeoutMs) throws IOException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        List<Message> skipped = new ArrayList<>();
        while (true) {
            long left = deadline - System.currentTimeMillis();
            Message m = left <= 0 ? null : receive((int) left);
            if (m == null) {
                throw new AssertionError("no " + method + " within " + timeoutMs + " ms; got " + skipped);
            }
            if (m.isRequest() && m.method().equals(method)) {
                return m;
            }
            skipped.add(m);
        }
    }

    /** ACK for a non-2xx final response: part of the INVITE transaction, same branch (§17.1.1.3). */
    void ackNon2xx(Message response) throws IOException {
        send("ACK", target(), 1, response.toTag(), lastInviteBranch, null, null);
    }

    /** Answers a request from the test line (e.g. its BYE) with 200 OK, copying the transaction headers. */
    void respondOk(Message request) throws IOException {
        StringBuilder m = new StringBuilder("SIP/2.0 200 OK\r\n");
        for (String via : request.all("Via")) {
            m.append("Via: ").append(via).append("\r\n");
        }
        m.append("From: ").append(request.header("From")).append("\r\n")
                .append("To: ").append(request.header("To")).append("\r\n")
                .append("Call-ID: ").append(request.header("Call-ID")).append("\r\n")
                .append("CSeq: ").append(request.header("CSeq")).append("\r\n")
                .append("Content-Length: 0\r\n\r\n");
        sendRaw(m.toString());
    }

    void sendRaw(String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(bytes, bytes.length, server));
    }

    /** The next message, or null after {@code timeoutMs}. */
    Message receive(int timeoutMs) throws IOException {
        socket.setSoTimeout(timeoutMs);
        byte[] buffer = new byte[65535];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            socket.receive(packet);
        } catch (SocketTimeoutException e) {
            return null;
        }
        return parse(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8));
    }

    /** Receives until a response with {@code status} arrives (skipping others, recorded in {@code skipped}). */
    Message expect(int status, int timeoutMs, List<Message> skipped) throws IOException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (true) {
            long left = deadline - System.currentTimeMillis();
            Message m = left <= 0 ? null : receive((int) left);
            if (m == null) {
                throw new AssertionError("no " + status + " within " + timeoutMs + " ms; got " + skipped);
            }
            if (!m.isRequest() && m.status() == status) {
                return m;
            }
            skipped.add(m);
        }
    }

    Message expect(int status) throws IOException {
        return expect(status, 5000, new ArrayList<>());
    }

    static Message parse(String text) {
        int split = text.indexOf("\r\n\r\n");
        String head = split < 0 ? text : text.substring(0, split);
        String body = split < 0 ? "" : text.substring(split + 4);
        String[] lines = head.split("\r\n");
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                String name = canonical(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT));
                headers.computeIfAbsent(name, k -> new ArrayList<>()).add(lines[i].substring(colon + 1).trim());
            }
        }
        return new Message(lines[0], headers, body);
    }

    /** RFC 3261 §7.3.3 compact header names. */
    private static String canonical(String name) {
        return switch (name) {
            case "v" -> "via";
            case "f" -> "from";
            case "t" -> "to";
            case "i" -> "call-id";
            case "m" -> "contact";
            case "c" -> "content-type";
            case "l" -> "content-length";
            default -> name;
        };
    }

    static String sdp(int rtpPort, String formats, String... attributes) {
        StringBuilder s = new StringBuilder("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n")
                .append("m=audio ").append(rtpPort).append(" RTP/AVP ").append(formats).append("\r\n");
        for (String a : attributes) {
            s.append("a=").append(a).append("\r\n");
        }
        return s.toString();
    }

    @Override
    public void close() {
        socket.close();
    }
}
