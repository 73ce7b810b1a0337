package org.sipgateway.session;

import java.util.Properties;

/**
 * The same as {@link ClientAudioIntoCallTest} with {@code gateway.ws.binary-frames-through-routes=true}:
 * every binary frame through the ws-inbound and commands routes instead of the event-loop fast path.
 */
class ClientAudioThroughRoutesTest extends ClientAudioIntoCallTest {

    @Override
    protected void sipSettings(Properties properties) {
        super.sipSettings(properties);
        properties.setProperty("gateway.ws.binary-frames-through-routes", "true");
    }

    @Override
    protected long fastPathFrames() {
        return 0;
    }
}
