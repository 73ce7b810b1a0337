package org.sipgateway;

import java.net.InetAddress;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.SimpleTypeConverter;
import org.apache.camel.support.service.ServiceSupport;
import org.sipgateway.access.HandshakeGuard;
import org.sipgateway.call.CallControl;
import org.sipgateway.call.CallWatchers;
import org.sipgateway.call.RedirectPolicy;
import org.sipgateway.call.InboundOffers;
import org.sipgateway.call.StreamIngress;
import org.sipgateway.call.CallLimits;
import org.sipgateway.command.CommandParser;
import org.sipgateway.command.DialPlan;
import org.sipgateway.config.GatewayDefaults;
import org.sipgateway.console.ConsoleFiles;
import org.sipgateway.config.GatewaySettings;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.health.HealthCheckRegistry;
import org.sipgateway.api.HttpApi;
import org.sipgateway.api.RawRequestBodies;
import org.sipgateway.call.CallRequests;
import org.sipgateway.events.CallEvents;
import org.sipgateway.ops.GatewayHealthChecks;
import org.sipgateway.ops.GatewayMeters;
import org.sipgateway.ops.GracefulShutdown;
import org.sipgateway.recording.Recordings;
import org.sipgateway.rtp.CallMedia;
import org.sipgateway.rtp.FlowLimits;
import org.sipgateway.rtp.PacingOptions;
import org.sipgateway.rtp.RtpComponent;
import org.sipgateway.rtp.RtpPortPool;
import org.sipgateway.sip.CallEvent;
import org.sipgateway.session.ClientAudio;
import org.sipgateway.session.SessionRegistry;
import org.sipgateway.sip.SipComponent;
import org.sipgateway.sip.SipSettings;
import org.sipgateway.testline.TestLine;
import org.sipgateway.testline.TestLineOptions;
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
        context.getPropertiesComponent().setInitialProperties(GatewayDefaults.asProperties());
        GatewaySettings settings = GatewaySettings.load(context);
        Registry registry = context.getRegistry();

        GatewayWebsocketComponent websocket =
                new GatewayWebsocketComponent(settings.wsWorkerThreads(), settings.wsMaxQueuedMessages());
        HandshakeGuard guard = HandshakeGuard.from(settings);
        websocket.setHandshakeGuard(guard);
        context.addComponent("vertx-websocket", websocket);
        registry.bind("settings", settings);
        // The browser console's files (routes/console.camel.yaml).
        registry.bind("consoleFiles", new ConsoleFiles(settings));
        registry.bind("wsServerOptions", WsServerOptionsFactory.create(settings));

        SessionRegistry sessions = new SessionRegistry(settings.wsMaxSessions(), settings.wsMaxSessionsPerAddress());
        WavStore store = new WavStore(settings.uploadDir(), settings.uploadMaxTotalBytes(), settings.uploadMaxBytesPerClient());
        registry.bind("sessions", sessions);
        registry.bind("wavStore", store);
        registry.bind("commandParser", new CommandParser(new DialPlan(settings.callAllowedTargets())));
        WavUploadProcessor uploadProcessor = new WavUploadProcessor(store, settings.uploadMaxBytes(), sessions);
        registry.bind("wavUpload", uploadProcessor);

        SipSettings sip = sipSettings(context, settings);
        RtpPortPool ports = new RtpPortPool(InetAddress.getByName(settings.sipBindHost()), settings.rtpPortMin(),
                settings.rtpPortMax());
        registry.bind("rtpPorts", ports);
        SipComponent sipCalls = new SipComponent(sip, ports);
        if (settings.followRedirects()) {
            sipCalls.setRedirects(new RedirectPolicy(new DialPlan(settings.callAllowedTargets()), sip.serverHostPort()));
        }
        context.addComponent("sip", sipCalls);
        CallLimits limits = new CallLimits(settings.callMaxConcurrent(), settings.callMaxConcurrentPerClient(),
                settings.callMaxPerMinutePerClient());
        registry.bind("callControl", new CallControl(sessions, store, sip.serverHostPort(), limits));
        registry.bind("inboundOffers", new InboundOffers(sessions, limits));
        registry.bind("callRequests", new CallRequests(new DialPlan(settings.callAllowedTargets()), store, limits,
                sip.serverHostPort()));

        RtpComponent rtp = new RtpComponent(settings.rtpSilenceWhenIdle(), settings.sipBindHost(), settings.rtpReceiveThreads(),
                new PacingOptions(settings.rtpPrecisePacingCalls(), settings.rtpClockSliceMicros()),
                FlowLimits.ofMillis(settings.mediaMaxQueuedMillis(), settings.mediaXoffMillis(), settings.mediaXonMillis()));
        context.addComponent("rtp", rtp);
        Recordings recordings = new Recordings(settings.recordingDir(), Recordings.DEFAULT_BUFFER_BYTES, settings.recordingBothLegs(),
                settings.recordingGroupForce());
        // The media sinks rtp:open?sinks= names (routes/calls.camel.yaml).
        registry.bind("recordings", recordings);
        ClientAudio clientAudio = new ClientAudio(websocket, sessions, rtp.clientLatency());
        registry.bind("clientAudio", clientAudio);
        registry.bind("callWatchers", new CallWatchers(sessions, context.getComponent("sip", SipComponent.class), clientAudio,
                websocket, settings.wsWatchers()));
        if (settings.wsBinaryFastPath()) {
            StreamIngress ingress = new StreamIngress(sessions, rtp);
            registry.bind("streamIngress", ingress);
            websocket.setBinaryFrames(ingress);
        }
        CallEvents callEvents = new CallEvents(context, "seda:bus-events?size=" + settings.eventsQueueSize(), recordings);
        registry.bind("callEvents", callEvents);
        registry.bind("httpApi", new HttpApi(guard, callEvents, context.getComponent("sip", SipComponent.class),
                uploadProcessor, recordings.dir()));
        SipComponent sipComponent = context.getComponent("sip", SipComponent.class);
        // Run by GatewayMain before Camel stops (SIGTERM): sessions told, closed, calls hung up.
        registry.bind("gracefulShutdown", new GracefulShutdown(sessions, websocket, callEvents));
        // Health checks and meters join Camel's once its registries exist, i.e. when it has started.
        java.util.concurrent.atomic.AtomicBoolean joined = new java.util.concurrent.atomic.AtomicBoolean();
        context.addStartupListener((started, alreadyStarted) -> {
            // Once: a route reload starts routes again, and must not register the meters twice.
            if (!joined.compareAndSet(false, true)) {
                return;
            }
            RawRequestBodies.install(started);
            HealthCheckRegistry health = HealthCheckRegistry.get(started);
            if (health != null) {
                GatewayHealthChecks.create(sipComponent, websocket, recordings.dir(), settings.recordingMinFreeBytes(),
                        settings.sipRegister()).forEach(health::register);
            }
            MeterRegistry meters = started.getRegistry().findSingleByType(MeterRegistry.class);
            if (meters != null) {
                GatewayMeters.register(meters, sipComponent, sessions, rtp, websocket, recordings, callEvents);
            }
        });
        context.getTypeConverterRegistry().addTypeConverter(CallMedia.class, CallEvent.class,
                new SimpleTypeConverter(false, (type, exchange, value) -> ((CallEvent) value).call()));
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                recordings.close();
            }
        }, true, true);
        LOG.info("RTP ports {}-{}, recordings in {}", settings.rtpPortMin(), settings.rtpPortMax(), recordings.dir());

        LOG.info("WebSocket on {}://{}:{}{} (max message {} bytes), uploads in {} (max {} bytes, {} per client, {} in total)",
                WsServerOptionsFactory.scheme(settings), settings.wsHost(), settings.wsPort(), settings.wsPath(),
                settings.wsMaxMessageBytes(), store.dir(), settings.uploadMaxBytes(), settings.uploadMaxBytesPerClient(),
                settings.uploadMaxTotalBytes());
    }

    /** Where calls go: the configured server, or a built-in test line started here. */
    private static SipSettings sipSettings(CamelContext context, GatewaySettings settings) throws Exception {
        String serverHost;
        int serverPort;
        if (settings.sipServer().isEmpty()) {
            TestLine line = TestLine.start("127.0.0.1", settings.testLinePort(), TestLineOptions.defaults());
            context.addService(new ServiceSupport() {
                @Override
                protected void doStop() {
                    line.close();
                }
            }, true, true);
            LOG.info("No gateway.sip.server set: calls go to the {}", line.description());
            serverHost = "127.0.0.1";
            serverPort = line.sipPort();
        } else {
            String[] hostPort = GatewaySettings.parseHostPort("gateway.sip.server", settings.sipServer(),
                    GatewaySettings.defaultSipPort(settings.sipTransport()));
            serverHost = hostPort[0];
            serverPort = Integer.parseInt(hostPort[1]);
        }
        return new SipSettings(serverHost, serverPort, settings.sipTransport(), settings.sipBindHost(), settings.sipPort(),
                settings.advertisedHostFor(serverHost, serverPort), settings.sipUsername(), settings.sipPassword(),
                settings.sipCaller(), settings.sipRegister(), settings.sipRegisterExpires(), settings.ringTimeoutSeconds(),
                settings.maxDurationSeconds(), settings.sipTlsTrustFile(), settings.sipTcpMaxConnections(),
                settings.sipTcpIdleTimeout(), settings.offerTimeoutSeconds());
    }
}
