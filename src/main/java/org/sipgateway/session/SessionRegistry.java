package org.sipgateway.session;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.http.ServerWebSocket;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.sipgateway.command.Command;
import org.sipgateway.command.ErrorCode;
import org.sipgateway.command.GatewayException;
import org.sipgateway.ws.WsConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open sessions, keyed by WebSocket connection key. Routes call {@link #open} and
 * {@link #close} on the connection events; later stages look a session up to reach its call.
 */
public final class SessionRegistry {

    /** RFC 6455 §7.4.1: 1013 "Try Again Later". */
    private static final short CLOSE_TRY_AGAIN_LATER = 1013;
    private static final Logger LOG = LoggerFactory.getLogger(SessionRegistry.class);

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    /** Places taken, reserved before a session is added so two connections cannot both pass the limit. */
    private final AtomicInteger places = new AtomicInteger();
    private final int maxSessions;
    /** Open sessions per client IP, so one address cannot take every place (gateway.ws.max-sessions-per-address). */
    private final Map<String, Integer> perAddress = new ConcurrentHashMap<>();
    private final int maxPerAddress;
    private final Map<String, String> addressOf = new ConcurrentHashMap<>();

    public SessionRegistry(int maxSessions, int maxPerAddress) {
        this.maxSessions = maxSessions;
        this.maxPerAddress = maxPerAddress;
    }

    public void open(Exchange exchange) {
        String id = exchange.getMessage().getHeader(WsConstants.CONNECTION_KEY, String.class);
        String remote = String.valueOf(exchange.getMessage().getHeader(WsConstants.REMOTE_ADDRESS));
        ServerWebSocket socket = exchange.getMessage().getBody(ServerWebSocket.class);
        if (places.incrementAndGet() > maxSessions) {
            places.decrementAndGet();
            LOG.warn("Session refused from {}: {} sessions open, gateway.ws.max-sessions={}", remote, sessions.size(), maxSessions);
            refuse(socket, "too many sessions (max " + maxSessions + ")");
            return;
        }
        String ip = ipOf(exchange.getMessage().getHeader(WsConstants.REMOTE_ADDRESS), remote);
        if (!reserveAddressPlace(ip)) {
            places.decrementAndGet();
            LOG.warn("Session refused from {}: {} sessions open from {}, gateway.ws.max-sessions-per-address={}", remote,
                    maxPerAddress, ip, maxPerAddress);
            refuse(socket, "too many sessions from " + ip + " (max " + maxPerAddress + ")");
            return;
        }
        String client = exchange.getMessage().getHeader(WsConstants.CLIENT_NAME, String.class);
        if (client == null) {
            Object address = exchange.getMessage().getHeader(WsConstants.REMOTE_ADDRESS);
            client = address instanceof io.vertx.core.net.SocketAddress socketAddress ? socketAddress.hostAddress() : remote;
        }
        boolean hasToken = exchange.getMessage().getHeader(WsConstants.CLIENT_HAS_TOKEN, false, Boolean.class);
        sessions.put(id, new Session(id, remote, client, hasToken));
        addressOf.put(id, ip);
        String subprotocol = socket == null ? null : socket.subProtocol();
        LOG.info("Session opened from {} for {} (subprotocol {}, {} open)", remote, hasToken ? "token " + client : client,
                subprotocol == null ? "none" : subprotocol, sessions.size());
    }

    public void close(Exchange exchange) {
        String id = exchange.getMessage().getHeader(WsConstants.CONNECTION_KEY, String.class);
        Session session = sessions.remove(id);
        if (session == null) {
            return;
        }
        places.decrementAndGet();
        releaseAddressPlace(addressOf.remove(id));
        ActiveCall call = session.call();
        if (call != null) {
            LOG.info("Client went away during call {}; hanging up", call.callId());
            call.hangup(HangupReason.DISCONNECTED);
        }
        LOG.info("Session closed after {} s ({} open)",
                Duration.between(session.openedAt(), Instant.now()).toSeconds(), sessions.size());
    }

    private static void refuse(ServerWebSocket socket, String why) {
        if (socket != null) {
            String refusal = "ERROR:" + ErrorCode.LIMIT.wire() + ":" + why;
            socket.writeFinalTextFrame(refusal)
                    .onComplete(done -> socket.close(CLOSE_TRY_AGAIN_LATER, "session limit reached"));
        }
    }

    /** The IP alone: all connections from one address count together, whatever their source port. */
    private static String ipOf(Object address, String fallback) {
        if (address instanceof io.vertx.core.net.SocketAddress socketAddress && socketAddress.hostAddress() != null) {
            return socketAddress.hostAddress();
        }
        return fallback;
    }

    /** Takes a place for the address if it has one left; atomic per address. */
    private boolean reserveAddressPlace(String ip) {
        boolean[] taken = new boolean[1];
        perAddress.compute(ip, (k, open) -> {
            int now = open == null ? 0 : open;
            if (now >= maxPerAddress) {
                return open;
            }
            taken[0] = true;
            return now + 1;
        });
        return taken[0];
    }

    private void releaseAddressPlace(String ip) {
        if (ip != null) {
            perAddress.computeIfPresent(ip, (k, open) -> open <= 1 ? null : open - 1);
        }
    }

    /** AUDIO_FORMAT (PROTOCOL.md §6): sets the session's format, allowed before or during a call; the reply echoes it. */
    public String audioFormat(@Header(WsConstants.CONNECTION_KEY) String id, @Body Command.SetAudioFormat command)
            throws GatewayException {
        Session session = find(id);
        if (session == null) {
            throw new GatewayException(ErrorCode.INTERNAL, "no session for this connection");
        }
        session.audioFormat(command.format());
        return "AUDIO_FORMAT:" + command.format().wire();
    }

    /** The session, or null if the connection is not (or no longer) a session. */
    public Session find(String id) {
        return id == null ? null : sessions.get(id);
    }

    public Collection<Session> all() {
        return sessions.values();
    }

    public int count() {
        return sessions.size();
    }
}
