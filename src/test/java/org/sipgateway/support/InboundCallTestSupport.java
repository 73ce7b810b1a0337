package org.sipgateway.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A gateway whose SIP server is a caller: SIPp as a UAC on 127.0.0.1:{@link #callerPort}, the
 * address the gateway trusts as {@code gateway.sip.server}, dialling {@link #NUMBER} at the
 * gateway. Each test starts its own caller with {@link #call}; the far end's media socket is
 * {@link #sink}, which the caller's SDP offer names.
 */
public abstract class InboundCallTestSupport extends GatewayTestSupport {

    /** The number the caller dials (the Request-URI's user part). */
    protected static final String NUMBER = "0912345678";
    protected static final Duration WAIT = Duration.ofSeconds(15);
    private static final Pattern INCOMING = Pattern.compile("INCOMING:([^:]+):(.+)");

    protected int callerPort;
    protected RtpSink sink;
    private final List<Sipp> callers = new ArrayList<>();

    @Override
    protected final void settings(Properties properties) {
        Sipp.requireInstalled();
        if (sink == null) {
            callerPort = FreePorts.udpAndTcp();
            sink = new RtpSink();
        }
        properties.setProperty("gateway.sip.server", "127.0.0.1:" + callerPort);
        inboundSettings(properties);
    }

    /** Subclasses add settings here. */
    protected void inboundSettings(Properties properties) {
    }

    /** Starts SIPp calling {@link #NUMBER} at the gateway with {@code scenario}, media offered at {@link #sink}. */
    protected Sipp call(String scenario, String... extra) {
        List<String> arguments = new ArrayList<>(List.of("-s", NUMBER, "-set", "rtp_port", Integer.toString(sink.port())));
        arguments.addAll(List.of(extra));
        Sipp caller = Sipp.uacFrom(callerPort, scenario, "127.0.0.1:" + sipPort, 1, arguments.toArray(String[]::new));
        callers.add(caller);
        return caller;
    }

    /** LISTENs for every number and checks the echo. */
    protected static void listen(WsClient client, String pattern) throws InterruptedException {
        client.send("LISTEN:" + pattern);
        assertEquals("LISTEN:" + pattern, client.next(WAIT));
    }

    /** The next INCOMING line's Call-ID (as sent, ':' as %3A), after checking it names the caller and the number. */
    protected String awaitIncoming(WsClient client) throws InterruptedException {
        String line = client.nextStartingWith("INCOMING:", WAIT);
        Matcher matcher = INCOMING.matcher(line);
        assertTrue(matcher.matches(), line);
        String rest = matcher.group(2);
        assertEquals("sip:caller@127.0.0.1:" + callerPort + ":sip:" + NUMBER + "@127.0.0.1:" + sipPort, rest,
                "from and to URIs: " + line);
        return matcher.group(1);
    }

    /** The RTP port the gateway's SDP answer names, read from the caller's message log. */
    protected static int answeredRtpPort(Sipp caller) throws InterruptedException {
        return caller.awaitAnsweredMediaPort(WAIT);
    }

    /** Waits for the caller to finish and checks that its call went as its scenario says. */
    protected static void assertCallerSucceeded(Sipp caller) {
        assertEquals(0, caller.awaitExit(WAIT.multipliedBy(2)), () -> "the caller's scenario failed:\n" + caller.diagnostics());
    }

    /** The final status code the caller received for its INVITE, e.g. "486". */
    protected static String finalStatus(Sipp caller) {
        Matcher matcher = Pattern.compile("SIP/2\\.0 ([2-6]\\d\\d) [^\\r\\n]*\\r?\\n(?:[^\\r\\n]+\\r?\\n)*?CSeq: 1 INVITE")
                .matcher(caller.messages());
        return matcher.find() ? matcher.group(1).trim() : null;
    }

    @AfterEach
    void stopCallers() {
        callers.forEach(Sipp::close);
        callers.clear();
        sink.clear();
    }

    @AfterAll
    void closeSink() {
        if (sink != null) {
            sink.close();
        }
    }
}
