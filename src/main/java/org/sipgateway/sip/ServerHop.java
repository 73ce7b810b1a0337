package org.sipgateway.sip;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

import javax.sip.SipException;
import javax.sip.address.Hop;
import javax.sip.address.Router;
import javax.sip.message.Request;
import javax.sip.message.Response;

import gov.nist.javax.sip.message.SIPMessage;

/**
 * PROTOCOL.md §7: every request goes to gateway.sip.server, and digest credentials are only
 * sent in answer to that server's challenges. The stack's outbound proxy setting
 * (RFC 3261 §8.1.2) already sends a request there, but the JAIN-SIP router prefers a Route
 * header or a {@code maddr} in the Request-URI over it; this is the check made just before a
 * request leaves and before a challenge is answered, whatever the target looked like.
 */
final class ServerHop {

    private final Router router;
    private final String serverHost;
    private final int serverPort;

    ServerHop(Router router, SipSettings settings) {
        this.router = router;
        this.serverHost = bare(settings.serverHost());
        this.serverPort = settings.serverPort();
    }

    /** True when the stack would send {@code request} to the configured server. */
    boolean sendsToServer(Request request) {
        try {
            Hop hop = router.getNextHop(request);
            return hop != null && hop.getPort() == serverPort && bare(hop.getHost()).equals(serverHost);
        } catch (SipException e) {
            return false;
        }
    }

    /**
     * True when {@code response} came from the configured server's address and port; a challenge
     * from anywhere else is never answered, so the credentials cannot be collected by a third party.
     */
    boolean cameFromServer(Response response) {
        if (!(response instanceof SIPMessage message) || message.getRemoteAddress() == null) {
            return false;
        }
        if (message.getRemotePort() != serverPort) {
            return false;
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(serverHost)) {
                if (address.equals(message.getRemoteAddress())) {
                    return true;
                }
            }
        } catch (UnknownHostException e) {
            return false;
        }
        return false;
    }

    /** Where a response came from, for the log line that explains a refused challenge. */
    static String source(Response response) {
        if (response instanceof SIPMessage message && message.getRemoteAddress() != null) {
            return message.getRemoteAddress().getHostAddress() + ":" + message.getRemotePort();
        }
        return "(unknown)";
    }

    String server() {
        return serverHost + ":" + serverPort;
    }

    private static String bare(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        return lower.startsWith("[") && lower.endsWith("]") ? lower.substring(1, lower.length() - 1) : lower;
    }
}
