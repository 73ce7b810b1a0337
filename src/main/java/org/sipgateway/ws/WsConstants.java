package org.sipgateway.ws;

import org.apache.camel.component.vertx.websocket.VertxWebsocketConstants;

/** Header names and fixed values of the gateway's WebSocket front door. */
public final class WsConstants {

    /** Identifies one client connection, and so one session; set by the consumer, read by the producer. */
    public static final String CONNECTION_KEY = VertxWebsocketConstants.CONNECTION_KEY;
    /** OPEN, MESSAGE, CLOSE or ERROR. */
    public static final String EVENT = VertxWebsocketConstants.EVENT;
    /**
     * The event as plain text (OPEN, MESSAGE, CLOSE...), for the routes' choices: comparing the
     * enum header with a string made Camel look up a type converter on every client message.
     */
    public static final String EVENT_NAME = "GatewayWsEvent";
    public static final String REMOTE_ADDRESS = VertxWebsocketConstants.REMOTE_ADDRESS;

    /**
     * Who the client is, set by the consumer on every event of a connection: the token name it
     * authenticated with, or its IP address when it came from a trusted network without a token.
     * Logs and per-client limits use it; the token itself is never put in a header.
     */
    public static final String CLIENT_NAME = "GatewayClientName";
    /** Boolean: true when {@link #CLIENT_NAME} is a token name (the client sent a valid token). */
    public static final String CLIENT_HAS_TOKEN = "GatewayClientHasToken";

    /** Set on a message the gateway may drop when the client's socket is backed up (RTP lines). */
    public static final String DROPPABLE = "GatewayDroppable";

    /** The only subprotocol of the wire contract (PROTOCOL.md §1). */
    public static final String SUBPROTOCOL = "sip-audio-protocol";

    /** Existing clients refuse any inbound message above 1 MiB, so the server never sends one. */
    public static final int MAX_SERVER_MESSAGE_BYTES = 1024 * 1024;

    private WsConstants() {
    }
}
