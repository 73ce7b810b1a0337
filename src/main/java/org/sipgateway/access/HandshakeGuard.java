package org.sipgateway.access;

import java.nio.file.Path;
import java.util.Optional;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import org.sipgateway.config.GatewaySettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sipgateway.log.LogText;
import org.sipgateway.log.ThrottledLog;

/**
 * Decides at the HTTP upgrade, before any session exists, who may open a WebSocket
 * (PROTOCOL.md §7). In order: an Origin header must be allowed ({@link OriginPolicy}); a token,
 * when presented ({@code Authorization: Bearer} or {@code ?token=}), must be valid and names the
 * client; without one the client must be in {@code gateway.ws.trusted-networks} and is named by
 * its IP. Refusals are HTTP 401/403 with a short body and one log line with the client's IP; the
 * token is never logged. An accepted request goes on to the WebSocket route with its
 * {@link ClientIdentity} in the RoutingContext.
 */
public final class HandshakeGuard implements Handler<RoutingContext> {

    public static final String TRUSTED_SETTING = "gateway.ws.trusted-networks";
    /** The query parameter a browser, which cannot set headers, sends its token in. */
    public static final String TOKEN_PARAMETER = "token";
    private static final String BEARER = "bearer ";
    private static final Logger LOG = LoggerFactory.getLogger(HandshakeGuard.class);

    private final CidrList trusted;
    private final Tokens tokens;
    private final OriginPolicy origins;
    private final ThrottledLog refusals = new ThrottledLog(LOG);

    public HandshakeGuard(CidrList trusted, Tokens tokens, OriginPolicy origins) {
        this.trusted = trusted;
        this.tokens = tokens;
        this.origins = origins;
    }

    /** Parses and checks every access setting; a bad one stops start-up with its name. */
    public static HandshakeGuard from(GatewaySettings settings) {
        CidrList trusted = CidrList.parse(TRUSTED_SETTING, settings.wsTrustedNetworks());
        Tokens tokens = settings.wsAuthTokensFile().isEmpty() ? null : Tokens.load(Path.of(settings.wsAuthTokensFile()));
        OriginPolicy origins = OriginPolicy.parse(settings.wsAllowedOrigins());
        LOG.info("WebSocket access: trusted networks {}, tokens {}, allowed origins {}", trusted,
                tokens == null ? "none" : "from " + settings.wsAuthTokensFile(), origins);
        return new HandshakeGuard(trusted, tokens, origins);
    }

    @Override
    public void handle(RoutingContext context) {
        try {
            ClientIdentity client = decide(context.request());
            if (client != null) {
                context.put(ClientIdentity.KEY, client);
                context.next();
            }
        } catch (RuntimeException e) {
            // Never let a handshake fail open or throw into Vert.x. Only the exception's class is
            // logged: its message may quote the request (and so a token).
            LOG.error("WebSocket handshake from {} refused: unexpected {}", ip(context.request()), e.getClass().getName());
            refuse(context.request(), 500, "internal error");
        }
    }

    /** The client's identity, or null after the request has been answered with a refusal. */
    private ClientIdentity decide(HttpServerRequest request) {
        String ip = ip(request);
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (!origins.allows(origin, request.getHeader(HttpHeaders.HOST))) {
            refusals.warn("WebSocket refused from {}: {}", ip, "Origin " + LogText.quoted(origin, 120) + " is not allowed by " + OriginPolicy.SETTING);
            refuse(request, 403, "Origin not allowed; the gateway admin can list it in " + OriginPolicy.SETTING);
            return null;
        }
        String token;
        try {
            token = presentedToken(request);
        } catch (IllegalArgumentException e) {
            // A query string that does not decode; its text may hold a token, so it is not logged.
            refusals.warn("WebSocket refused from {}: {}", ip, "malformed query string");
            refuse(request, 400, "malformed query string");
            return null;
        }
        Access access = access(ip, token);
        if (access.client() == null) {
            refusals.warn("WebSocket refused from {}: {}", ip, access.logReason());
            refuse(request, access.status(), access.reason());
        }
        return access.client();
    }

    /**
     * Who a request is, or why it is refused (PROTOCOL.md §7): a valid token names the client; no
     * token is enough from a trusted network; anything else is refused with a status, a reason
     * for the client and one for the log. Shared by the WebSocket handshake and the HTTP API.
     */
    public Access access(String ip, String token) {
        if (token != null) {
            Optional<String> name = tokens == null ? Optional.empty() : tokens.nameOf(token);
            if (name.isEmpty()) {
                return Access.refused(401, "invalid token",
                        tokens == null ? "a token was sent but " + Tokens.SETTING + " is not set" : "wrong token");
            }
            return new Access(new ClientIdentity(name.get(), true, ip), 200, null, null);
        }
        if (trusted.contains(ip)) {
            return new Access(new ClientIdentity(ip, false, ip), 200, null, null);
        }
        if (tokens == null) {
            return Access.refused(403, "This address is not trusted. The gateway admin can add its network to "
                    + TRUSTED_SETTING + " or set up tokens with " + Tokens.SETTING + ".",
                    "not in " + TRUSTED_SETTING + " and no " + Tokens.SETTING + " is set");
        }
        return Access.refused(401, "token required (Authorization: Bearer <token> or ?token=<token>)", "no token");
    }

    /** The outcome of {@link #access}: the client, or the refusal's status and reasons. */
    public record Access(ClientIdentity client, int status, String reason, String logReason) {
        static Access refused(int status, String reason, String logReason) {
            return new Access(null, status, reason, logReason);
        }
    }

    /** The token of an Authorization header value ("Bearer x"); "" for another scheme, null for none. */
    public static String bearerToken(String authorization) {
        if (authorization == null) {
            return null;
        }
        String value = authorization.trim();
        if (value.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return value.substring(BEARER.length()).trim();
        }
        return value.isEmpty() ? null : "";
    }

    /** The token from the Authorization header, else from {@code ?token=}; null if neither. */
    static String presentedToken(HttpServerRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null) {
            return bearerToken(authorization);
        }
        return request.getParam(TOKEN_PARAMETER);
    }

    private static String ip(HttpServerRequest request) {
        SocketAddress remote = request.remoteAddress();
        if (remote == null) {
            return "unknown";
        }
        return remote.hostAddress() != null ? remote.hostAddress() : remote.host();
    }

    private static void refuse(HttpServerRequest request, int status, String body) {
        var response = request.response();
        if (response.ended()) {
            return;
        }
        response.setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                .putHeader(HttpHeaders.CONNECTION, "close");
        if (status == 401) {
            response.putHeader("WWW-Authenticate", "Bearer");
        }
        response.end(body + "\n");
    }
}
