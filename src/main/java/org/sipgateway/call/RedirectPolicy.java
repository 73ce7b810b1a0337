package org.sipgateway.call;

import java.util.function.UnaryOperator;

import org.sipgateway.command.DialPlan;
import org.sipgateway.command.DialTarget;
import org.sipgateway.command.GatewayException;

/**
 * Where a 3xx may send a call (RFC 3261 §8.1.3.4): the Contact it names, held to the checks and
 * the dial plan a CALL target meets, so a redirect cannot reach what a client could not dial. A
 * Contact whose user part is a dial string the plan allows passes as that number (a plan of
 * numbers only would otherwise refuse every redirect, Contacts being URIs). Returns the
 * Request-URI to dial, or null when the Contact may not be followed.
 */
public final class RedirectPolicy implements UnaryOperator<String> {

    private final DialPlan dialPlan;
    private final String sipServer;

    public RedirectPolicy(DialPlan dialPlan, String sipServer) {
        this.dialPlan = dialPlan;
        this.sipServer = sipServer;
    }

    @Override
    public String apply(String contactUri) {
        try {
            return dialPlan.check(DialTarget.parse(contactUri)).requestUri(sipServer);
        } catch (GatewayException asUri) {
            String user = userPart(contactUri);
            if (user == null) {
                return null;
            }
            try {
                return dialPlan.check(DialTarget.parse(user)).requestUri(sipServer);
            } catch (GatewayException asNumber) {
                return null;
            }
        }
    }

    private static String userPart(String uri) {
        int colon = uri.indexOf(':');
        int at = uri.indexOf('@');
        return colon < 0 || at <= colon + 1 ? null : uri.substring(colon + 1, at);
    }
}
