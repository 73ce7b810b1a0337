package org.sipgateway.sip.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;


import java.net.DatagramSocket;
import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.SipTestSupport;
import org.sipgateway.support.WsClient;

/**
 * gateway.sip.transport=tls against a real TLS peer (Kamailio) dialled by host name: the call is
 * answered by SIPp behind it and hung up; every request the gateway sent reached Kamailio over
 * TLS, and the certificate was checked against the name "localhost" in gateway.sip.server.
 */
class SipOverTlsCallTest extends SipTlsTestSupport {

    @Override
    protected String serverHost() {
        return "localhost";
    }

    @Test
    void callOverTlsIsAnsweredAndHungUp() throws Exception {
        try (WsClient client = connect()) {
            client.send("CALL:0912345678");
            assertEquals("CALL_STATE:CALLING", client.next(SipTestSupport.CALL_WAIT));
            assertEquals("CALL_STATE:RINGING", client.next(SipTestSupport.CALL_WAIT), kamailio::log);
            assertEquals("CALL_STATE:ANSWERED", client.next(SipTestSupport.CALL_WAIT));
            assertTrue(client.next(SipTestSupport.CALL_WAIT).startsWith("MEDIA_START:codec=PCMU;rate=8000;ptime=20;call="));
            client.send("HANGUP");
            assertEquals("CALL_STATE:ENDED:local-bye", client.next(SipTestSupport.CALL_WAIT));
        }
        assertEquals(0, sipp.awaitExit(SipTestSupport.CALL_WAIT), () -> "SIPp failed:\n" + sipp.diagnostics());
        String trace = sipp.messages();
        assertTrue(trace.contains("INVITE sip:"), "SIPp received the INVITE");
        assertTrue(trace.contains("ACK sip:"), "SIPp received the ACK");
        assertTrue(trace.contains("BYE sip:"), "SIPp received the BYE");
        assertTrue(trace.contains("Via: SIP/2.0/TLS"), "the gateway's Via names TLS");
        assertTrue(trace.contains(";transport=tls"), "the gateway's Contact asks for TLS");
        String log = kamailio.log();
        for (String method : new String[] {"INVITE", "ACK", "BYE"}) {
            assertTrue(log.contains("KAMAILIO-REQ " + method + " from 127.0.0.1:") && lineOf(log, "KAMAILIO-REQ " + method).contains("proto=tls"),
                    () -> method + " must reach Kamailio over TLS:\n" + log);
        }
        assertFalse(log.contains("proto=tcp"), "nothing reached Kamailio over plain TCP");
    }

    /** With tls the gateway listens for TLS alone: its SIP port is free for anyone else's UDP socket. */
    @Test
    void noPlainUdpListener() throws Exception {
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress("127.0.0.1", sipPort))) {
            assertTrue(udp.isBound(), "the gateway holds no UDP socket on its SIP port");
        }
    }

    private static String lineOf(String log, String prefix) {
        return log.lines().filter(line -> line.contains(prefix)).findFirst().orElse("");
    }

}
