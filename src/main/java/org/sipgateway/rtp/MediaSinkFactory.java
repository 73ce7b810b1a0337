package org.sipgateway.rtp;

import java.util.function.Consumer;

import io.netty.channel.EventLoop;

/**
 * Makes one call's {@link MediaSink}; named in {@code rtp:open?sinks=...}, looked up in the
 * registry. {@code failed} reports a failure of the sink to the call's owner (once is enough).
 */
public interface MediaSinkFactory {

    MediaSink open(CallMedia call, Consumer<String> failed);

    /**
     * The event loop this sink would rather the call's socket lived on (its session's WebSocket
     * connection's), so a packet reaches it without a thread hop; null for no preference.
     */
    default EventLoop preferredLoop(CallMedia call) {
        return null;
    }
}
