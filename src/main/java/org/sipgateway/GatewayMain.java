package org.sipgateway;

import org.apache.camel.main.Main;

/**
 * Starts the gateway with camel-main. Settings come from the built-in defaults, then
 * {@code application.properties} in the working directory, then {@code -Dname=value} and the
 * environment; routes are read from {@code routes/*.camel.yaml} in the working directory so an
 * operator can change them without rebuilding.
 */
public final class GatewayMain {

    private GatewayMain() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main();
        configure(main);
        main.run(args);
    }

    static void configure(Main main) {
        main.setPropertyPlaceholderLocations(GatewayConfiguration.PROPERTY_LOCATIONS);
        main.configure().addConfiguration(GatewayConfiguration.class);
    }
}
