package org.sipgateway.rtp;

import java.util.function.Consumer;

/**
 * Makes one call's {@link MediaSink}; named in {@code rtp:open?sinks=...}, looked up in the
 * registry. {@code failed} reports a failure of the sink to the call's owner (once is enough).
 */
public interface MediaSinkFactory {

    MediaSink open(CallMedia call, Consumer<String> failed);
}
