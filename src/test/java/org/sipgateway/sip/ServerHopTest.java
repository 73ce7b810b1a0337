package org.sipgateway.sip;

import java.net.InetAddress;

import javax.sip.SipFactory;
import javax.sip.message.Response;

import gov.nist.javax.sip.message.SIPResponse;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 7 obs. 1, second line of defence: a 401/407 is answered only when it came from
 * gateway.sip.server's address and port, whatever request it answers.
 */
class ServerHopTest {

    private static final String CHALLENGE = "SIP/2.0 401 Unauthorized\r\n"
            + "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK1\r\n"
            + "From: <sip:gw@127.0.0.1>;tag=1\r\nTo: <sip:victim@127.0.0.1>;tag=2\r\n"
            + "Call-ID: c1\r\nCSeq: 1 INVITE\r\n"
            + "WWW-Authenticate: Digest realm=\"x\", nonce=\"n\"\r\nContent-Length: 0\r\n\r\n";

    private final ServerHop hop = new ServerHop(null, new SipSettings("127.0.0.1", 5060, "udp", "127.0.0.1", 5070,
            "127.0.0.1", "gwuser", "secret", "gw", false, 60, 60, 0, "", 64, 120, 30));

    @Test
    void aChallengeFromTheServerIsAnswered() throws Exception {
        assertTrue(hop.cameFromServer(challengeFrom("127.0.0.1", 5060)));
    }

    @Test
    void aChallengeFromAnotherPortOrAddressIsNot() throws Exception {
        assertFalse(hop.cameFromServer(challengeFrom("127.0.0.1", 5999)), "another port on the same host");
        assertFalse(hop.cameFromServer(challengeFrom("127.0.0.2", 5060)), "another address");
        assertEquals("127.0.0.2:5060", ServerHop.source(challengeFrom("127.0.0.2", 5060)));
    }

    @Test
    void aResponseOfUnknownOriginIsNot() throws Exception {
        Response response = SipFactory.getInstance().createMessageFactory().createResponse(CHALLENGE);
        assertFalse(hop.cameFromServer(response));
    }

    private static Response challengeFrom(String address, int port) throws Exception {
        SIPResponse response = (SIPResponse) SipFactory.getInstance().createMessageFactory().createResponse(CHALLENGE);
        response.setRemoteAddress(InetAddress.getByName(address));
        response.setRemotePort(port);
        return response;
    }
}
