package org.sipgateway.call;

import org.junit.jupiter.api.Test;
import org.sipgateway.command.DialPlan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class RedirectPolicyTest {

    private static final String SERVER = "10.0.0.1:5060";

    @Test
    void theDefaultPlanFollowsAPlainSipUri() {
        RedirectPolicy policy = new RedirectPolicy(DialPlan.defaults(), SERVER);
        assertEquals("sip:bob@example.com", policy.apply("sip:bob@example.com"));
    }

    @Test
    void aContactACallTargetCouldNotBeIsRefused() {
        RedirectPolicy policy = new RedirectPolicy(DialPlan.defaults(), SERVER);
        assertNull(policy.apply("sip:bob@example.com;maddr=192.0.2.7"), "URI parameters steer where SIP goes");
        assertNull(policy.apply("sip:bob@example.com?Subject=x"), "no header part");
    }

    @Test
    void aPlanOfNumbersFollowsAContactWhoseUserIsAnAllowedNumber() {
        RedirectPolicy policy = new RedirectPolicy(new DialPlan(java.util.regex.Pattern.compile("09[0-9]{8}")), SERVER);
        assertEquals("sip:0987654321@" + SERVER, policy.apply("sip:0987654321@pbx.example.com"));
        assertNull(policy.apply("sip:0800123456@pbx.example.com"), "a number outside the plan");
        assertNull(policy.apply("sip:bob@pbx.example.com"), "not a number");
    }
}
