package org.sipgateway.config;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GatewayDefaultsTest {

    @Test
    void applicationPropertiesStatesExactlyTheBuiltInDefaults() throws Exception {
        Properties file = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("application.properties"))) {
            file.load(reader);
        }
        Map<String, String> documented = new TreeMap<>();
        file.stringPropertyNames().stream().filter(name -> name.startsWith("gateway."))
                .forEach(name -> documented.put(name, file.getProperty(name).trim()));
        assertEquals(new TreeMap<>(GatewayDefaults.all()), documented);
    }

    @Test
    void settingsLoadFromDefaultsAlone() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setInitialProperties(GatewayDefaults.asProperties());
            GatewaySettings settings = GatewaySettings.load(context);
            assertEquals(8080, settings.wsPort());
            assertEquals("/", settings.wsPath());
            assertEquals(1048576, settings.uploadMaxBytes());
            assertEquals("", settings.sipServer(), "empty: the built-in test line");
            assertEquals(32000, settings.rtpPortMin());
            assertTrue(settings.wsMaxMessageBytes() >= 1536 * 1024, "a 1.5 MiB message fits");
        }
    }

    @Test
    void aBadValueNamesItsSetting() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setInitialProperties(GatewayDefaults.asProperties());
            Properties bad = new Properties();
            bad.setProperty("gateway.ws.port", "eighty");
            context.getPropertiesComponent().setOverrideProperties(bad);
            SettingsException e = assertThrows(SettingsException.class, () -> GatewaySettings.load(context));
            assertEquals("Setting gateway.ws.port='eighty': is not a whole number", e.getMessage());
        }
    }
}
