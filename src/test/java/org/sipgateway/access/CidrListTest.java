package org.sipgateway.access;

import org.junit.jupiter.api.Test;
import org.sipgateway.config.SettingsException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CidrListTest {

    private static final String SETTING = "gateway.ws.trusted-networks";

    @Test
    void theDefaultTrustsLoopbackOnly() {
        CidrList list = CidrList.parse(SETTING, "127.0.0.0/8,::1/128");
        assertTrue(list.contains("127.0.0.1"));
        assertTrue(list.contains("127.255.1.2"));
        assertTrue(list.contains("::1"));
        assertTrue(list.contains("[::1]"));
        assertFalse(list.contains("128.0.0.1"));
        assertFalse(list.contains("10.213.0.2"));
        assertFalse(list.contains("::2"));
        assertFalse(list.contains("fe80::1"));
    }

    @Test
    void prefixesThatDoNotEndOnAByteBoundary() {
        CidrList list = CidrList.parse(SETTING, " 10.213.7.0/30 , fd00:ab::/33");
        assertTrue(list.contains("10.213.7.1"));
        assertTrue(list.contains("10.213.7.3"));
        assertFalse(list.contains("10.213.7.4"));
        assertTrue(list.contains("fd00:ab:7fff::1"));
        assertFalse(list.contains("fd00:ab:8000::1"));
    }

    @Test
    void aBareAddressIsANetworkOfOneAndZeroPrefixIsEverything() {
        assertTrue(CidrList.parse(SETTING, "192.0.2.7").contains("192.0.2.7"));
        assertFalse(CidrList.parse(SETTING, "192.0.2.7").contains("192.0.2.8"));
        CidrList all = CidrList.parse(SETTING, "0.0.0.0/0,::/0");
        assertTrue(all.contains("203.0.113.9"));
        assertTrue(all.contains("2001:db8::1"));
    }

    @Test
    void ipv4MappedClientsMatchIpv4Networks() {
        assertTrue(CidrList.parse(SETTING, "10.0.0.0/8").contains("::ffff:10.1.2.3"));
    }

    @Test
    void familiesNeverMix() {
        assertFalse(CidrList.parse(SETTING, "::/0").contains("10.0.0.1"));
        assertFalse(CidrList.parse(SETTING, "0.0.0.0/0").contains("2001:db8::1"));
    }

    @Test
    void emptyTrustsNobody() {
        CidrList list = CidrList.parse(SETTING, "");
        assertTrue(list.isEmpty());
        assertFalse(list.contains("127.0.0.1"));
        assertFalse(list.contains(null));
        assertFalse(list.contains("not-an-address"));
    }

    @Test
    void badEntriesStopStartUpNamingTheSetting() {
        for (String bad : new String[] {"10.0.0.0/33", "::/129", "10.0.0/8", "256.1.1.1/32", "example.com", "localhost",
                "10.0.0.0/x", "10.0.0.0/", "fe80::1%eth0/128", "010.0.0.0/8", "1:2:3:4:5:6:7:8:9/128", ":::/0"}) {
            SettingsException e = assertThrows(SettingsException.class, () -> CidrList.parse(SETTING, "127.0.0.0/8," + bad), bad);
            assertTrue(e.getMessage().contains(SETTING), e.getMessage());
            assertTrue(e.getMessage().contains(bad), e.getMessage());
        }
    }

    @Test
    void hostBitsSetAreRefusedWithTheNetworkMeant() {
        SettingsException e = assertThrows(SettingsException.class, () -> CidrList.parse(SETTING, "192.168.1.10/24"));
        assertTrue(e.getMessage().contains("did you mean 192.168.1.0/24"), e.getMessage());
        assertEquals("(none)", CidrList.parse(SETTING, " ").toString());
    }
}
