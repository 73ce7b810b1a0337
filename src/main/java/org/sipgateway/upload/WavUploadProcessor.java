package org.sipgateway.upload;

import java.io.IOException;

import org.apache.camel.Header;
import org.sipgateway.command.Command;
import org.sipgateway.command.ErrorCode;
import org.sipgateway.command.GatewayException;
import org.sipgateway.media.WavFormatException;
import org.sipgateway.media.WavInfo;
import org.sipgateway.media.WavParser;
import org.sipgateway.session.Session;
import org.sipgateway.session.SessionRegistry;
import org.sipgateway.ws.WsConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WAV_UPLOAD: size limit, base64, WAV format check, then an atomic store in the session's space
 * (its token name's folder, or the shared one) within the upload quotas. Each refusal is one
 * {@link GatewayException}; nothing is written unless every check passed. Logs name, size and
 * outcome, never the payload.
 */
public final class WavUploadProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(WavUploadProcessor.class);

    private final WavStore store;
    private final int maxBytes;
    private final SessionRegistry sessions;

    public WavUploadProcessor(WavStore store, int maxBytes, SessionRegistry sessions) {
        this.store = store;
        this.maxBytes = maxBytes;
        this.sessions = sessions;
    }

    /**
     * The checks and the atomic store every upload gets, whichever way it came (WAV_UPLOAD's
     * base64, the HTTP API's raw bytes): size limit, a real WAV parse, the space's quota.
     */
    /** The WAV files a client's space holds (its token name, or {@link WavStore#SHARED}). */
    public java.util.List<String> list(String space) throws java.io.IOException, GatewayException {
        return store.list(space);
    }

    public void store(String space, String name, byte[] content) throws GatewayException {
        if (content.length > maxBytes) {
            throw new GatewayException(ErrorCode.TOO_LARGE, content.length + " bytes is over the limit of " + maxBytes
                    + " (gateway.upload.max-bytes)");
        }
        WavInfo info;
        try {
            info = WavParser.parse(content);
        } catch (WavFormatException e) {
            throw new GatewayException(ErrorCode.BAD_WAV, e.getMessage());
        }
        try {
            store.store(space, name, content);
        } catch (IOException e) {
            LOG.error("Upload {} ({} bytes) could not be stored in {}", name, content.length, store.dir(), e);
            throw new GatewayException(ErrorCode.INTERNAL, "could not store " + name + " (see the gateway log)");
        }
        LOG.info("Upload {} stored for {}: {} bytes, {} {} Hz {} ch, {} ms", name,
                space.isEmpty() ? "the shared folder" : space, content.length,
                info.encoding(), info.sampleRate(), info.channels(), info.durationMillis());
    }

    public String upload(Command.WavUpload command, @Header(WsConstants.CONNECTION_KEY) String sessionId) throws GatewayException {
        String name = command.fileName();
        try {
            Session session = sessions.find(sessionId);
            if (session == null) {
                throw new GatewayException(ErrorCode.INTERNAL, "session is not registered");
            }
            String space = WavStore.spaceOf(session);
            byte[] content = Base64Payload.decode(command.base64(), maxBytes);
            store(space, name, content);
            return "WAV_ACK:stored " + name + " (" + content.length + " bytes)";
        } catch (GatewayException e) {
            LOG.info("Upload {} refused ({} base64 chars): {}", name, command.base64().length(), e.toWire());
            throw e;
        }
    }
}
