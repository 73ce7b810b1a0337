package org.sipgateway.ws;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import org.sipgateway.config.GatewaySettings;
import org.sipgateway.config.SettingsException;

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
        applyTls(options, settings);
        withoutCompression(options);
        return options;
    }

    /** {@code wss} when the settings name a PEM certificate chain and a PKCS#8 key; {@code ws} otherwise. */
    public static String scheme(GatewaySettings settings) {
        return settings.wsTlsCertFile().isEmpty() ? "ws" : "wss";
    }

    /**
     * Turns the listener into TLS with the PEM files of {@code gateway.ws.tls.cert-file} and
     * {@code gateway.ws.tls.key-file}. Each file is checked here, so a missing or unreadable one
     * stops start-up with the setting's name rather than a Vert.x error at bind time.
     */
    static void applyTls(HttpServerOptions options, GatewaySettings settings) {
        if (settings.wsTlsCertFile().isEmpty()) {
            return;
        }
        Path cert = pemFile("gateway.ws.tls.cert-file", settings.wsTlsCertFile(), "-----BEGIN CERTIFICATE-----");
        Path key = pemFile("gateway.ws.tls.key-file", settings.wsTlsKeyFile(), "PRIVATE KEY-----");
        options.setSsl(true);
        options.setKeyCertOptions(new PemKeyCertOptions().setCertPath(cert.toString()).setKeyPath(key.toString()));
    }

    private static Path pemFile(String setting, String value, String marker) {
        Path file = Path.of(value);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            throw new SettingsException(setting, value, "cannot be read: " + e);
        }
        if (!text.contains(marker)) {
            throw new SettingsException(setting, value, "is not a PEM file with a '" + marker + "' block");
        }
        if (text.contains("ENCRYPTED PRIVATE KEY")) {
            throw new SettingsException(setting, value, "holds an encrypted key; give an unencrypted PKCS#8 key "
                    + "(openssl pkcs8 -topk8 -nocrypt) and protect the file with its permissions");
        }
        return file;
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
