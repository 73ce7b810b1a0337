package org.sipgateway.ws;

import java.util.List;

import io.vertx.core.http.HttpServerOptions;
import org.sipgateway.config.GatewaySettings;

/** The Vert.x server options behind the endpoint option {@code serverOptions=#wsServerOptions}. */
public final class WsServerOptionsFactory {

    private WsServerOptionsFactory() {
    }

    public static HttpServerOptions create(GatewaySettings settings) {
        HttpServerOptions options = new HttpServerOptions();
        // Vert.x selects the subprotocol when a client offers it and still accepts clients that offer none.
        options.setWebSocketSubProtocols(List.of(WsConstants.SUBPROTOCOL));
        // Both limits matter: a large upload may arrive as one frame or as many fragments.
        options.setMaxWebSocketFrameSize(settings.wsMaxMessageBytes());
        options.setMaxWebSocketMessageSize(settings.wsMaxMessageBytes());
        withoutCompression(options);
        return options;
    }

    /**
     * No permessage-deflate (Vert.x offers it by default): commands are short and audio does not
     * compress, inflating is attack surface (decompression bombs), and with no extension offered
     * Netty's decoder refuses a frame with RSV bits set (RFC 6455 §5.2), which FramingGuard turns
     * into close 1002. No HTTP/2 cleartext upgrade either (a WebSocket needs HTTP/1.1): while
     * h2c is on, Vert.x sets a connection up only once it has read enough bytes to rule out the
     * HTTP/2 preface, so a client trickling its handshake had no connection for the handshake
     * timeout to apply to.
     */
    static void withoutCompression(HttpServerOptions options) {
        options.setPerMessageWebSocketCompressionSupported(false);
        options.setPerFrameWebSocketCompressionSupported(false);
        options.setHttp2ClearTextEnabled(false);
    }
}
