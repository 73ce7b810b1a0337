package org.sipgateway.api;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.vertx.core.net.SocketAddress;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.sipgateway.access.ClientIdentity;
import org.sipgateway.access.HandshakeGuard;
import org.sipgateway.command.ErrorCode;
import org.sipgateway.command.FileNames;
import org.sipgateway.command.GatewayException;
import org.sipgateway.events.CallEventMessage;
import org.sipgateway.events.CallEvents;
import org.sipgateway.session.HangupReason;
import org.sipgateway.sip.SipCall;
import org.sipgateway.sip.SipComponent;
import org.sipgateway.upload.WavStore;
import org.sipgateway.upload.WavUploadProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bean {@code httpApi} behind the REST routes of routes/api.camel.yaml (PROTOCOL.md §8):
 * who may call (the WebSocket's rules: trusted networks, tokens), calls (list, one, hang up), WAV
 * upload of raw bytes (the checks and atomic store of WAV_UPLOAD), recordings (list, download).
 * Refusals are {@link ApiException}s, which the routes turn into a status and a JSON body.
 */
public final class HttpApi {

    /** Exchange property the route's first step leaves: who is calling (never a response header). */
    public static final String CLIENT = "GatewayApiClient";
    private static final String REMOTE_ADDRESS = "CamelVertxPlatformHttpRemoteAddress";
    /** A recording's file name as Recordings makes them: stamp, Call-ID letters, .wav. */
    private static final Pattern RECORDING = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}\\.wav");
    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

    private final HandshakeGuard access;
    private final CallEvents events;
    private final SipComponent sip;
    private final WavUploadProcessor uploads;
    private final Path recordings;

    public HttpApi(HandshakeGuard access, CallEvents events, SipComponent sip, WavUploadProcessor uploads, Path recordings) {
        this.access = access;
        this.events = events;
        this.sip = sip;
        this.uploads = uploads;
        this.recordings = recordings;
    }

    /** Every API route's first step: the caller's identity, or 401/403 as for a WebSocket handshake. */
    public void authorize(Exchange exchange) throws ApiException {
        SocketAddress remote = exchange.getMessage().getHeader(REMOTE_ADDRESS, SocketAddress.class);
        String ip = remote == null ? "" : remote.hostAddress();
        String token = HandshakeGuard.bearerToken(exchange.getMessage().getHeader("Authorization", String.class));
        if (token == null) {
            token = exchange.getMessage().getHeader(HandshakeGuard.TOKEN_PARAMETER, String.class);
        }
        HandshakeGuard.Access decision = access.access(ip, token);
        // The token is no business of the steps after this one, nor of a response header.
        exchange.getMessage().removeHeader("Authorization");
        exchange.getMessage().removeHeader(HandshakeGuard.TOKEN_PARAMETER);
        if (decision.client() == null) {
            LOG.warn("HTTP API refused from {}: {}", ip, decision.logReason());
            throw new ApiException(decision.status(), decision.reason());
        }
        exchange.setProperty(CLIENT, decision.client());
    }

    public List<CallEventMessage> listCalls() {
        return events.activeCalls();
    }

    public CallEventMessage getCall(@Header("callId") String callId) throws ApiException {
        CallEventMessage call = events.latest(callId);
        if (call == null) {
            throw new ApiException(404, "no call " + callId);
        }
        return call;
    }

    /** DELETE: a BYE (or CANCEL before the answer); the call's states then go out as for any call. */
    public CallEventMessage hangup(@Header("callId") String callId, @ExchangeProperty(CLIENT) ClientIdentity client) throws ApiException {
        SipCall call = sip.findCall(callId);
        if (call == null || call.ended()) {
            throw new ApiException(404, "no call " + callId + " is up");
        }
        LOG.info("HTTP API: {} hangs up call {}", client.name(), callId);
        call.hangup(HangupReason.USER);
        return events.latest(callId);
    }

    /** PUT /api/wavs/{name}: the body as the file, in the caller's space (its token name, or shared). */
    public String upload(@Header("name") String name, byte[] body, @ExchangeProperty(CLIENT) ClientIdentity client) throws GatewayException {
        String validated = FileNames.validate(name);
        uploads.store(client.hasToken() ? client.name() : WavStore.SHARED, validated, body == null ? new byte[0] : body);
        return "stored " + validated + " (" + (body == null ? 0 : body.length) + " bytes)";
    }

    /** GET /api/wavs: the uploaded files the caller can play (its token's folder, or the shared one). */
    public List<String> listWavs(@ExchangeProperty(CLIENT) ClientIdentity client) throws IOException, GatewayException {
        return uploads.list(client.hasToken() ? client.name() : WavStore.SHARED);
    }

    /** Finished recordings, oldest first (the name starts with the call's UTC start). */
    public List<String> listRecordings() throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(recordings, "*.wav")) {
            for (Path file : files) {
                names.add(file.getFileName().toString());
            }
        }
        names.sort(null);
        return names;
    }

    /** A finished recording's file, for the route to stream back as audio/wav. */
    public java.io.File recording(@Header("name") String name) throws ApiException {
        if (name == null || !RECORDING.matcher(name).matches()) {
            throw new ApiException(400, "not a recording name: letters, digits, . _ - and .wav, at most 204 characters");
        }
        Path file = recordings.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new ApiException(404, "no recording " + name);
        }
        return file.toFile();
    }

    /** Every API route's error step: the refusal's status and one JSON line saying why. */
    public ApiException.ApiError refused(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        int status;
        String message;
        if (cause instanceof ApiException api) {
            status = api.getStatus();
            message = api.getMessage();
        } else if (cause instanceof GatewayException refused) {
            status = statusOf(refused);
            message = refused.getMessage();
        } else {
            LOG.error("HTTP API request failed", cause);
            status = 500;
            message = "internal error (see the gateway log)";
        }
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        return new ApiException.ApiError(message);
    }

    /** The status a refused upload gets: 413 when too large, 507 when the quota is used up, else 400. */
    public static int statusOf(GatewayException e) {
        ErrorCode code = e.code();
        return switch (code) {
            case TOO_LARGE -> 413;
            case LIMIT -> 507;
            case INTERNAL -> 500;
            case NOT_FOUND -> 404;
            default -> 400;
        };
    }
}
