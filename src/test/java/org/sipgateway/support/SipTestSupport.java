package org.sipgateway.support;

import java.time.Duration;
import java.util.Properties;

import org.junit.jupiter.api.AfterAll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A gateway whose SIP server is a real SIPp process playing one UAS scenario. SIPp starts before
 * the gateway (the gateway's {@code gateway.sip.server} points at it) and is stopped after the class.
 */
public abstract class SipTestSupport extends GatewayTestSupport {

    public static final Duration CALL_WAIT = Duration.ofSeconds(15);

    protected Sipp sipp;

    /** The SIPp scenario (a resource under /sipp/) this class's gateway talks to. */
    protected abstract String scenario();

    /** How many calls SIPp handles before it exits. */
    protected int calls() {
        return 1;
    }

    protected String[] sippArguments() {
        return new String[0];
    }

    @Override
    protected final void settings(Properties properties) {
        if (sipp == null) {
            Sipp.requireInstalled();
            sipp = Sipp.uas(scenario(), calls(), sippArguments());
        }
        properties.setProperty("gateway.sip.server", sipp.hostPort());
        sipSettings(properties);
    }

    /** Subclasses add SIP settings (credentials, timeouts) here. */
    protected void sipSettings(Properties properties) {
    }

    @AfterAll
    void stopSipp() {
        if (sipp != null) {
            sipp.close();
        }
    }

    /** Waits for SIPp to finish its calls and checks that every one succeeded. */
    protected void assertSippSucceeded() {
        assertEquals(0, sipp.awaitExit(CALL_WAIT), () -> "SIPp reported failed calls:\n" + sipp.errors());
    }

    /** Sends CALL and checks CALLING, RINGING, ANSWERED and MEDIA_START arrive in that order. */
    protected void callAndExpectAnswer(WsClient client, String target) throws InterruptedException {
        client.send("CALL:" + target);
        assertEquals("CALL_STATE:CALLING", client.next(CALL_WAIT));
        assertEquals("CALL_STATE:RINGING", client.next(CALL_WAIT));
        assertEquals("CALL_STATE:ANSWERED", client.next(CALL_WAIT));
        expectMediaStart(client, codecName());
    }

    /** The codec SIPp's answer names. */
    protected String codecName() {
        return "PCMU";
    }

    /** Checks the next message is the call's one MEDIA_START (PROTOCOL.md §6) and returns the Call-ID it names. */
    protected static String expectMediaStart(WsClient client, String codec) throws InterruptedException {
        String line = client.next(CALL_WAIT);
        String prefix = "MEDIA_START:codec=" + codec + ";rate=8000;ptime=20;call=";
        assertTrue(line != null && line.startsWith(prefix) && line.length() > prefix.length(),
                () -> "expected " + prefix + "<Call-ID>, got " + line);
        return line.substring(prefix.length());
    }

    /** Sends HANGUP on an answered call and checks it ends with our BYE. */
    protected void hangUpAndExpectLocalBye(WsClient client) throws InterruptedException {
        client.send("HANGUP");
        assertEquals("CALL_STATE:ENDED:local-bye", client.next(CALL_WAIT));
    }
}
