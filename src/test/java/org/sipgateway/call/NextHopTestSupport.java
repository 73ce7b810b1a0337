package org.sipgateway.call;

import java.util.Properties;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.sipgateway.support.SipTestSupport;
import org.sipgateway.support.Sipp;
import org.sipgateway.support.WsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 7 obs. 1: the target URI must not choose where the gateway's requests go. SIPp A is
 * gateway.sip.server and answers; SIPp B, on another 127.0.0.1 port, is the "victim" named in
 * the URI and would challenge with 401 to collect the gateway's digest. Nothing may reach B.
 */
abstract class NextHopTestSupport extends SipTestSupport {

    static final String USER = "gwuser";
    static final String PASSWORD = "gw-secret-42";

    protected Sipp victim;

    /** SIPp transport arguments ({@code -t t1} for TCP), used for both SIPp instances. */
    protected abstract String[] transportArguments();

    protected abstract String gatewayTransport();

    @Override
    protected String scenario() {
        return "uas-answer-wait-bye.xml";
    }

    @Override
    protected String[] sippArguments() {
        return transportArguments();
    }

    @Override
    protected void sipSettings(Properties properties) {
        victim = Sipp.uas("uas-auth-401.xml", 1, transportArguments());
        properties.setProperty("gateway.sip.transport", gatewayTransport());
        properties.setProperty("gateway.sip.username", USER);
        properties.setProperty("gateway.sip.password", PASSWORD);
    }

    @AfterAll
    void stopVictim() {
        if (victim != null) {
            victim.close();
        }
    }

    @Test
    void maddrIsRefusedBeforeAnySip() throws Exception {
        try (WsClient client = connect()) {
            client.send("CALL:sip:victim@127.0.0.1:" + victim.port() + ";maddr=127.0.0.1");
            String reply = client.next(CALL_WAIT);
            assertTrue(reply.startsWith("ERROR:bad-target:") && reply.contains("'maddr'"), reply);
            client.assertNothingWithin(java.time.Duration.ofMillis(300));
        }
        assertVictimSawNothing();
    }

    @Test
    void aUriNamingAnotherHostStillGoesToTheServer() throws Exception {
        String target = "sip:victim@127.0.0.1:" + victim.port();
        try (WsClient client = connect()) {
            callAndExpectAnswer(client, target);
            hangUpAndExpectLocalBye(client);
        }
        assertSippSucceeded();
        assertTrue(sipp.messages().contains("INVITE " + target + " SIP/2.0"),
                "the server receives the INVITE, Request-URI unchanged:\n" + sipp.messages());
        assertVictimSawNothing();
    }

    private void assertVictimSawNothing() {
        String trace = victim.messages();
        assertFalse(trace.contains("INVITE"), () -> "the victim received a request:\n" + trace);
        assertFalse(trace.contains("username=\"" + USER + "\""), () -> "the victim received our credentials:\n" + trace);
        assertEquals("", trace.strip(), () -> "the victim received SIP:\n" + trace);
    }
}
