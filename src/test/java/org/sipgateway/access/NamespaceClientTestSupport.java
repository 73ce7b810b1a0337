package org.sipgateway.access;

import java.util.Properties;

import org.junit.jupiter.api.AfterAll;
import org.sipgateway.support.GatewayTestSupport;
import org.sipgateway.support.NetNamespace;
import org.sipgateway.support.PythonClient;

/**
 * The gateway listening on the host side of a fresh network namespace, and the seed's Python
 * client run from inside it: a client from another address, for real.
 */
abstract class NamespaceClientTestSupport extends GatewayTestSupport {

    protected NetNamespace namespace;

    @Override
    protected void settings(Properties properties) {
        namespace = NetNamespace.create();
        properties.setProperty("gateway.ws.host", namespace.hostAddress());
    }

    protected PythonClient.Result runSeedClient() {
        return PythonClient.callCheck("ws://" + namespace.hostAddress() + ":" + wsPort + "/", namespace.exec());
    }

    @AfterAll
    void removeNamespace() {
        if (namespace != null) {
            namespace.close();
        }
    }
}
