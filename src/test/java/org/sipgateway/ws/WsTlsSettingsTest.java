package org.sipgateway.ws;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sipgateway.config.GatewayDefaults;
import org.sipgateway.config.GatewaySettings;
import org.sipgateway.config.SettingsException;
import org.sipgateway.support.TestCertificates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A missing, unreadable or non-PEM TLS file stops start-up with the setting's name. */
class WsTlsSettingsTest {

    @TempDir
    Path dir;

    private static GatewaySettings settings(String cert, String key) {
        DefaultCamelContext context = new DefaultCamelContext();
        Properties values = GatewayDefaults.asProperties();
        values.setProperty("gateway.ws.tls.cert-file", cert);
        values.setProperty("gateway.ws.tls.key-file", key);
        context.getPropertiesComponent().setInitialProperties(values);
        return GatewaySettings.load(context);
    }

    @Test
    void validFilesMakeATlsListener() {
        TestCertificates certificate = TestCertificates.create(dir, "gateway", "IP:127.0.0.1,DNS:localhost");
        GatewaySettings settings = settings(certificate.serverCert().toString(), certificate.serverKey().toString());
        assertTrue(WsServerOptionsFactory.create(settings).isSsl());
        assertEquals("wss", WsServerOptionsFactory.scheme(settings));
    }

    @Test
    void aMissingFileNamesItsSetting() throws Exception {
        TestCertificates certificate = TestCertificates.create(dir, "gateway", "IP:127.0.0.1,DNS:localhost");
        SettingsException cert = assertThrows(SettingsException.class, () -> WsServerOptionsFactory.create(
                settings(dir.resolve("missing.pem").toString(), certificate.serverKey().toString())));
        assertTrue(cert.getMessage().contains("gateway.ws.tls.cert-file"), cert.getMessage());
        SettingsException key = assertThrows(SettingsException.class, () -> WsServerOptionsFactory.create(
                settings(certificate.serverCert().toString(), dir.resolve("missing-key.pem").toString())));
        assertTrue(key.getMessage().contains("gateway.ws.tls.key-file"), key.getMessage());
        Path notPem = Files.writeString(dir.resolve("not.pem"), "hello");
        SettingsException wrong = assertThrows(SettingsException.class, () -> WsServerOptionsFactory.create(
                settings(certificate.serverCert().toString(), notPem.toString())));
        assertTrue(wrong.getMessage().contains("gateway.ws.tls.key-file"), wrong.getMessage());
    }

    @Test
    void noFilesMeansPlainWs() {
        GatewaySettings settings = settings("", "");
        assertEquals("ws", WsServerOptionsFactory.scheme(settings));
        assertTrue(!WsServerOptionsFactory.create(settings).isSsl());
    }
}
