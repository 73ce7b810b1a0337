package org.sipgateway.call;

import java.time.Duration;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.sipgateway.support.SipTestSupport;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * gateway.sip.register=true against a SIPp registrar that challenges, grants 2 s, expects a
 * refresh and finally an un-REGISTER when the gateway stops.
 */
class RegistrationTest extends SipTestSupport {

    @Override
    protected String scenario() {
        return "registrar.xml";
    }

    @Override
    protected void sipSettings(Properties properties) {
        properties.setProperty("gateway.sip.username", CallDigestAuthTest.USER);
        properties.setProperty("gateway.sip.password", CallDigestAuthTest.PASSWORD);
        properties.setProperty("gateway.sip.register", "true");
        properties.setProperty("gateway.sip.register-expires", "60");
    }

    private long count(String text) {
        return logs.lines().stream().filter(line -> line.contains(text)).count();
    }

    @Test
    void registersRefreshesAndUnregisters() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (count("Registered gwuser@127.0.0.1 for 2 s (200") < 2 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(count("Registered gwuser@127.0.0.1 for 2 s (200") >= 2, "registered, then refreshed:\n" + logs.lines());
        context.stop();
        assertSippSucceeded();
        assertTrue(logs.contains("Un-REGISTER of gwuser@127.0.0.1: 200"), "un-registered at shutdown");
        assertTrue(sipp.messages().contains("Expires: 0"), "SIPp saw Expires: 0");
        assertFalse(logs.lines().stream().anyMatch(line -> line.contains(CallDigestAuthTest.PASSWORD)));
    }
}
