package org.sipgateway.access;

import org.junit.jupiter.api.Test;
import org.sipgateway.config.SettingsException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OriginPolicyTest {

    @Test
    void emptyListAllowsTheSameHostOnly() {
        OriginPolicy same = OriginPolicy.parse("");
        assertTrue(same.allows(null, "gw.example:8080"), "no Origin: not a browser, not affected");
        assertTrue(same.allows("http://gw.example:3000", "gw.example:8080"), "same host, any port or scheme");
        assertTrue(same.allows("https://GW.example", "gw.example"));
        assertTrue(same.allows("http://[::1]:9000", "[::1]:8080"));
        assertFalse(same.allows("https://evil.example", "gw.example:8080"));
        assertFalse(same.allows("https://gw.example.evil.example", "gw.example:8080"));
        assertFalse(same.allows("null", "gw.example:8080"), "an opaque origin (file:, sandbox) is refused");
        assertFalse(same.allows("http://gw.example", null));
    }

    @Test
    void aListAllowsExactlyItsOrigins() {
        OriginPolicy list = OriginPolicy.parse("https://console.example.com, http://localhost:3000/");
        assertTrue(list.allows("https://console.example.com", "gw:8080"));
        assertTrue(list.allows("HTTPS://Console.Example.com", "gw:8080"));
        assertTrue(list.allows("http://localhost:3000", "gw:8080"));
        assertFalse(list.allows("http://console.example.com", "gw:8080"), "scheme counts");
        assertFalse(list.allows("https://console.example.com:8443", "gw:8080"), "port counts");
        assertFalse(list.allows("http://gw:9000", "gw:8080"), "with a list, the same host is not implied");
        assertTrue(OriginPolicy.parse("*").allows("https://anything.example", "gw"));
    }

    @Test
    void badEntriesStopStartUp() {
        for (String bad : new String[] {"console.example.com", "https://x.example/path", "https://x.example?q", "*,https://a.example"}) {
            SettingsException e = assertThrows(SettingsException.class, () -> OriginPolicy.parse(bad), bad);
            assertTrue(e.getMessage().contains(OriginPolicy.SETTING), e.getMessage());
        }
    }
}
