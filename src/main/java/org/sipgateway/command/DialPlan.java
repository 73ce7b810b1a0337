package org.sipgateway.command;

import java.util.regex.Pattern;

import org.sipgateway.config.GatewayDefaults;

/**
 * gateway.call.allowed-targets (PROTOCOL.md §7): a regular expression the whole target must
 * match, checked when CALL is parsed, before anything of the call exists.
 */
public final class DialPlan {

    static final String SETTING = "gateway.call.allowed-targets";

    private final Pattern allowed;

    public DialPlan(Pattern allowed) {
        this.allowed = allowed;
    }

    /** The default plan: any dial string and any sip:/sips: URI. */
    public static DialPlan defaults() {
        return new DialPlan(Pattern.compile(GatewayDefaults.asProperties().getProperty(SETTING)));
    }

    public DialTarget check(DialTarget target) throws GatewayException {
        if (!allowed.matcher(target.value()).matches()) {
            throw new GatewayException(ErrorCode.BAD_TARGET, "not allowed by the dial plan (" + SETTING + ")");
        }
        return target;
    }
}
