package org.sipgateway.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Properties;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** gateway.sip.transport=tls: the server's default port, and no silent fallback to the test line. */
class SipTlsSettingsTest {

    @Test
    void tlsServerWithoutPortMeans5061() {
        assertEquals(5061, GatewaySettings.defaultSipPort("tls"));
        assertEquals(5060, GatewaySettings.defaultSipPort("udp"));
        assertArrayEquals(new String[] {"pbx.example.com", "5061"},
                GatewaySettings.parseHostPort("gateway.sip.server", "pbx.example.com", GatewaySettings.defaultSipPort("tls")));
        assertArrayEquals(new String[] {"pbx.example.com", "5071"},
                GatewaySettings.parseHostPort("gateway.sip.server", "pbx.example.com:5071", 5061));
    }

    @Test
    void tlsWithoutServerIsRefusedNotSentInClearToTheTestLine() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setInitialProperties(GatewayDefaults.asProperties());
            Properties tls = new Properties();
            tls.setProperty("gateway.sip.transport", "tls");
            context.getPropertiesComponent().setOverrideProperties(tls);
            SettingsException e = assertThrows(SettingsException.class, () -> GatewaySettings.load(context));
            assertEquals("Setting gateway.sip.transport='tls': tls needs gateway.sip.server (the built-in test line has no TLS)",
                    e.getMessage());
        }
    }
}
