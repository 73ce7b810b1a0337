package org.sipgateway;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.sipgateway.call.CallControl;
import org.sipgateway.command.CommandParser;
import org.sipgateway.config.GatewaySettings;
import org.sipgateway.session.SessionRegistry;
import org.sipgateway.upload.WavStore;
import org.sipgateway.upload.WavUploadProcessor;
import org.sipgateway.ws.GatewayWebsocketComponent;
import org.sipgateway.ws.WsServerOptionsFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the gateway's shared parts from the settings and puts them in the registry under the
 * names the YAML routes use. Runs before the routes are loaded.
 */
public final class GatewayConfiguration implements CamelConfiguration {

    /** application.properties in the working directory; -D and environment override it. */
    public static final String PROPERTY_LOCATIONS = "file:application.properties";

    private static final Logger LOG = LoggerFactory.getLogger(GatewayConfiguration.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        GatewaySettings settings = GatewaySettings.load(context);
        Registry registry = context.getRegistry();

        context.addComponent("vertx-websocket",
                new GatewayWebsocketComponent(settings.wsWorkerThreads(), settings.wsMaxQueuedMessages()));
        registry.bind("settings", settings);
        registry.bind("wsServerOptions", WsServerOptionsFactory.create(settings));

        SessionRegistry sessions = new SessionRegistry(settings.wsMaxSessions());
        WavStore store = new WavStore(settings.uploadDir());
        registry.bind("sessions", sessions);
        registry.bind("wavStore", store);
        registry.bind("commandParser", new CommandParser());
        registry.bind("wavUpload", new WavUploadProcessor(store, settings.uploadMaxBytes()));
        registry.bind("callControl", new CallControl(sessions, store));

        LOG.info("WebSocket on ws://{}:{}{} (max message {} bytes), uploads in {} (max {} bytes)",
                settings.wsHost(), settings.wsPort(), settings.wsPath(), settings.wsMaxMessageBytes(),
                store.dir(), settings.uploadMaxBytes());
    }
}
