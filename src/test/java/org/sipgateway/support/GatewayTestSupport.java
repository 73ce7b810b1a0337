package org.sipgateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.sipgateway.GatewayConfiguration;

/**
 * Boots the real gateway (the real application.properties and YAML routes) once per test class,
 * on free ports and in a fresh temporary folder, and hands out real WebSocket clients.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class GatewayTestSupport extends CamelMainTestSupport {

    // Assigned on first use: CamelTestSupport asks for the settings from its own constructor,
    // before this class's field initialisers have run.
    protected int wsPort;
    /** The gateway's own SIP port, free for UDP and TCP. */
    protected int sipPort;
    protected Path workDir;
    /** The HTTP server's port: health, metrics, the API. */
    protected int httpPort;
    protected Path uploadDir;
    /** Every log line written while this class's gateway runs, start-up included. */
    protected LogCapture logs;

    private void prepare() {
        if (workDir == null) {
            logs = LogCapture.install();
            wsPort = FreePorts.tcp();
            httpPort = FreePorts.tcp();
            sipPort = FreePorts.udpAndTcp();
            workDir = tempDir();
            uploadDir = workDir.resolve("uploads");
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("gateway-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected String getPropertyPlaceholderLocations() {
        return GatewayConfiguration.PROPERTY_LOCATIONS;
    }

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        configuration.addConfiguration(GatewayConfiguration.class);
        configuration.withRoutesIncludePattern("file:routes/*.camel.yaml");
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        prepare();
        Properties properties = new Properties();
        properties.setProperty("gateway.ws.host", "127.0.0.1");
        properties.setProperty("gateway.ws.port", Integer.toString(wsPort));
        properties.setProperty("gateway.http.host", "127.0.0.1");
        properties.setProperty("gateway.http.port", Integer.toString(httpPort));
        properties.setProperty("gateway.upload.dir", uploadDir.toString());
        properties.setProperty("gateway.recording.dir", workDir.resolve("recordings").toString());
        properties.setProperty("gateway.sip.bind-host", "127.0.0.1");
        properties.setProperty("gateway.sip.port", Integer.toString(sipPort));
        settings(properties);
        return properties;
    }

    @AfterAll
    void releaseLogs() {
        if (logs != null) {
            logs.close();
        }
    }

    /** Subclasses add or change settings here. */
    protected void settings(Properties properties) {
    }

    /** CALL to the built-in test line, waited for until media starts; returns the call's Call-ID. */
    protected static String callTestLine(WsClient client) throws InterruptedException {
        client.send("CALL:0912345678");
        client.nextStartingWith("CALL_STATE:ANSWERED", WsClient.DEFAULT_WAIT);
        String mediaStart = client.nextStartingWith("MEDIA_START:", WsClient.DEFAULT_WAIT);
        return mediaStart.substring(mediaStart.indexOf("call=") + "call=".length());
    }

    protected WsClient connect() {
        return WsClient.connect(wsPort, "sip-audio-protocol");
    }
}
