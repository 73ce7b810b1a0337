package org.sipgateway.sip;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.GatewayTestSupport;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Requests the gateway receives outside its calls, sent as raw SIP over UDP. */
class SipRequestsTest extends GatewayTestSupport {

    private String exchange(String method, String callId) throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(5000);
            int local = socket.getLocalPort();
            String request = method + " sip:gateway@127.0.0.1:" + sipPort + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + local + ";branch=z9hG4bK-" + callId + ";rport\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "From: <sip:tester@127.0.0.1>;tag=t-" + callId + "\r\n"
                    + "To: <sip:gateway@127.0.0.1>\r\n"
                    + "Call-ID: " + callId + "@127.0.0.1\r\n"
                    + "CSeq: 1 " + method + "\r\n"
                    + "Contact: <sip:tester@127.0.0.1:" + local + ">\r\n"
                    + "Content-Length: 0\r\n\r\n";
            byte[] bytes = request.getBytes(StandardCharsets.US_ASCII);
            socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), sipPort));
            while (true) {
                DatagramPacket reply = new DatagramPacket(new byte[4096], 4096);
                socket.receive(reply);
                String text = new String(reply.getData(), 0, reply.getLength(), StandardCharsets.US_ASCII);
                if (!text.startsWith("SIP/2.0 1")) {
                    return text;
                }
            }
        }
    }

    @Test
    void optionsIsAnswered200WithAllow() throws Exception {
        String reply = exchange("OPTIONS", "opt1");
        assertTrue(reply.startsWith("SIP/2.0 200 OK\r\n"), reply);
        assertTrue(reply.contains("Allow: INVITE,ACK,CANCEL,BYE,OPTIONS") || reply.contains("Allow: INVITE, ACK, CANCEL, BYE, OPTIONS"), reply);
    }

    @Test
    void anInviteFromAnotherPeerThanTheServerIs403() throws Exception {
        String reply = exchange("INVITE", "inv1");
        assertTrue(reply.startsWith("SIP/2.0 403 "), reply);
    }

    @Test
    void unknownMethodIs405() throws Exception {
        String reply = exchange("MESSAGE", "msg1");
        assertTrue(reply.startsWith("SIP/2.0 405 "), reply);
        assertTrue(reply.contains("Allow:"), reply);
    }

    @Test
    void byeForAnUnknownCallIs481() throws Exception {
        String reply = exchange("BYE", "bye1");
        assertTrue(reply.startsWith("SIP/2.0 481 "), reply);
    }
}
