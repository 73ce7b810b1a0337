package org.sipgateway;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.DefaultConfigurationProperties;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.sipgateway.ops.GracefulShutdown;
import org.sipgateway.ops.GuardedRouteReload;
import org.sipgateway.config.GatewayDefaults;
import org.sipgateway.config.SettingsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the gateway with camel-main. Settings come from the built-in defaults
 * ({@link GatewayDefaults}), then {@code application.properties}, then {@code -Dname=value} and
 * the environment; routes are {@code routes/*.camel.yaml}, which an operator can change without
 * rebuilding. Both are taken from the working directory when it has them, else from the copies
 * built into the jar, so {@code java -jar} works from any directory (as in a container).
 */
public final class GatewayMain {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayMain.class);
    /** Where the build puts the project's own application.properties and routes in the jar. */
    static final String BUILT_IN = "classpath:gateway/";

    private GatewayMain() {
    }

    public static void main(String[] args) throws Exception {
        // Netty's leak detector samples buffer allocations with a stack trace each: on the media path
        // (tens of thousands of buffers a second) that is garbage and CPU for a debugging aid. An
        // operator who wants it back sets the property (-Dio.netty.leakDetection.level=simple).
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            System.setProperty("io.netty.leakDetection.level", "disabled");
        }
        Main main = new Main();
        configure(main, Path.of("").toAbsolutePath());
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterStart(BaseMainSupport started) {
                guardRouteReload(started);
            }

            @Override
            public void beforeStop(BaseMainSupport stopping) {
                GracefulShutdown graceful = stopping.getCamelContext() == null ? null
                        : stopping.getCamelContext().getRegistry().lookupByNameAndType("gracefulShutdown", GracefulShutdown.class);
                if (graceful != null) {
                    graceful.run();
                }
            }
        });
        try {
            main.run(args);
        } catch (Exception e) {
            SettingsException bad = settingsProblem(e);
            if (bad == null) {
                throw e;
            }
            // A bad setting is the operator's to fix, not a bug: one line that names it, no trace.
            LOG.error("Cannot start: {}", bad.getMessage());
            System.exit(2);
        }
    }

    /**
     * Puts {@link GuardedRouteReload} in the place of the route reload Camel set up (when
     * {@code camel.main.routes-reload-enabled} is on), with the same folder, pattern and mode,
     * once the routes have started: it keeps a copy of the files they came from.
     */
    static void guardRouteReload(BaseMainSupport main) {
        CamelContext context = main.getCamelContext();
        RouteWatcherReloadStrategy camels = context.hasService(RouteWatcherReloadStrategy.class);
        if (camels == null || camels instanceof GuardedRouteReload) {
            return;
        }
        try {
            camels.stop();
            context.removeService(camels);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot replace Camel's route reload", e);
        }
        DefaultConfigurationProperties<?> settings = main.configure();
        GuardedRouteReload guarded = new GuardedRouteReload(settings.getRoutesReloadDirectory(),
                settings.isRoutesReloadDirectoryRecursive());
        guarded.setPattern(settings.getRoutesReloadPattern());
        guarded.setRemoveAllRoutes(settings.isRoutesReloadRemoveAllRoutes());
        try {
            context.addService(guarded);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot install the guarded route reload", e);
        }
        guarded.remember(context.getRoutes());
    }

    /** The bad setting somewhere in the causes of a failed start; null when it was something else. */
    static SettingsException settingsProblem(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SettingsException bad) {
                return bad;
            }
        }
        return null;
    }

    static void configure(Main main, Path workDir) {
        Path properties = workDir.resolve("application.properties");
        Path routes = workDir.resolve("routes");
        String propertiesLocation;
        if (Files.isRegularFile(properties)) {
            propertiesLocation = GatewayConfiguration.PROPERTY_LOCATIONS;
            LOG.info("Settings: built-in defaults, then {}, then -D and the environment", properties);
        } else {
            propertiesLocation = BUILT_IN + "application.properties";
            LOG.info("Settings: built-in defaults and the jar's application.properties ({} has none), then -D and the"
                    + " environment", workDir);
        }
        String routesPattern;
        if (Files.isDirectory(routes)) {
            routesPattern = GatewayDefaults.ROUTES;
            LOG.info("Routes: {}{}*.camel.yaml", routes, java.io.File.separator);
        } else {
            routesPattern = BUILT_IN + "routes/*.camel.yaml";
            LOG.info("Routes: the jar's built-in routes ({} has no routes/ folder)", workDir);
        }
        main.setPropertyPlaceholderLocations(propertiesLocation);
        main.configure().withRoutesIncludePattern(routesPattern);
        main.configure().addConfiguration(GatewayConfiguration.class);
    }
}
