package org.sipgateway.session;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/** One WebSocket connection. It owns at most one call at a time. */
public final class Session {

    private final String id;
    private final String remoteAddress;
    private final String clientName;
    private final boolean hasToken;
    private final Instant openedAt = Instant.now();
    private final AtomicReference<ActiveCall> call = new AtomicReference<>();
    private volatile org.sipgateway.media.AudioFormat audioFormat = org.sipgateway.media.AudioFormat.OFF;
    private final org.sipgateway.media.StreamDecoder decoder = new org.sipgateway.media.StreamDecoder();
    private volatile java.util.regex.Pattern listen;
    private final AtomicReference<String> watching = new AtomicReference<>();

    Session(String id, String remoteAddress, String clientName, boolean hasToken) {
        this.id = id;
        this.remoteAddress = remoteAddress;
        this.clientName = clientName;
        this.hasToken = hasToken;
    }

    public String id() {
        return id;
    }

    public String remoteAddress() {
        return remoteAddress;
    }

    /** The token name, or the client's address when it has no token; what per-client limits count. */
    public String clientName() {
        return clientName;
    }

    /** True when {@link #clientName()} is a token name; false for a trusted client named by its address. */
    public boolean hasToken() {
        return hasToken;
    }

    public Instant openedAt() {
        return openedAt;
    }

    /** How the call's audio reaches this session: RTP lines (OFF, the default) or binary frames. */
    public org.sipgateway.media.AudioFormat audioFormat() {
        return audioFormat;
    }

    public void audioFormat(org.sipgateway.media.AudioFormat format) {
        audioFormat = format;
    }

    /** Turns the client's binary frames into 20 ms packets; used by the session's commands, one at a time. */
    public org.sipgateway.media.StreamDecoder decoder() {
        return decoder;
    }

    /** PROTOCOL.md §9: inbound calls whose number matches are offered to this session; null = none. */
    public java.util.regex.Pattern listen() {
        return listen;
    }

    public void listen(java.util.regex.Pattern pattern) {
        listen = pattern;
    }

    /** PROTOCOL.md §9: the Call-ID of the call this session watches; null when none. */
    public String watching() {
        return watching.get();
    }

    /** Starts watching {@code callId}; returns the call watched before, if any. */
    public String watch(String callId) {
        return watching.getAndSet(callId);
    }

    /** Stops watching {@code callId} if it is still the watched call. */
    public void unwatch(String callId) {
        watching.compareAndSet(callId, null);
    }

    public ActiveCall call() {
        return call.get();
    }

    /** Attaches a call if the session has none; it is detached again when it ends. */
    public boolean attach(ActiveCall newCall) {
        if (!call.compareAndSet(null, newCall)) {
            return false;
        }
        newCall.whenEnded(() -> detach(newCall));
        return true;
    }

    /** Detaches {@code ended} if it is still the session's call. */
    public void detach(ActiveCall ended) {
        call.compareAndSet(ended, null);
    }
}
