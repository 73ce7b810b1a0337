package org.sipgateway;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.main.Main;
import org.sipgateway.config.GatewayDefaults;

/**
 * Starts the gateway with camel-main. Settings come from the built-in defaults
 * ({@link GatewayDefaults}), then {@code application.properties} in the working directory, then
 * {@code -Dname=value} and the environment; routes are read from {@code routes/*.camel.yaml} in the working directory so an
 * operator can change them without rebuilding.
 */
public final class GatewayMain {

    private GatewayMain() {
    }

    public static void main(String[] args) throws Exception {
        Path workDir = Path.of("").toAbsolutePath();
        if (!Files.isRegularFile(workDir.resolve("application.properties")) || !Files.isDirectory(workDir.resolve("routes"))) {
            System.err.println("The gateway reads application.properties and routes/ from its working directory, and "
                    + workDir + " has " + (Files.isRegularFile(workDir.resolve("application.properties")) ? "no routes/" : "no application.properties")
                    + ". Start it from the project folder: cd <sip-audio-gateway> && java -jar target/sip-audio-gateway.jar");
            System.exit(2);
        }
        // Netty's leak detector samples buffer allocations with a stack trace each: on the media path
        // (tens of thousands of buffers a second) that is garbage and CPU for a debugging aid. An
        // operator who wants it back sets the property (-Dio.netty.leakDetection.level=simple).
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            System.setProperty("io.netty.leakDetection.level", "disabled");
        }
        Main main = new Main();
        configure(main);
        main.run(args);
    }

    static void configure(Main main) {
        main.setPropertyPlaceholderLocations(GatewayConfiguration.PROPERTY_LOCATIONS);
        main.configure().withRoutesIncludePattern(GatewayDefaults.ROUTES);
        main.configure().addConfiguration(GatewayConfiguration.class);
    }
}
