package org.sipgateway.access;

/**
 * Who a WebSocket connection belongs to, decided once at the handshake and kept in the request's
 * RoutingContext under {@link #KEY}: the token name, or the client's IP when it came from a trusted
 * network without a token.
 */
public record ClientIdentity(String name, boolean hasToken, String address) {

    public static final String KEY = "org.sipgateway.access.client";
}
