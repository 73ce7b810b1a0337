package org.sipgateway.testline;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How the built-in test line behaves.
 *
 * @param ringDelayMs      how long the line rings (180 sent) before it answers with 200 OK, at least 0
 * @param echoRtp          whether received RTP is sent back; when false the packets are counted as dropped
 * @param codecPreference  answer codecs in order of preference, each "PCMU" or "PCMA"; empty means the first
 *                         of PCMU/PCMA that the offer lists. If the offer has none of the preferred codecs but
 *                         does have G.711, the offer's first G.711 codec is used anyway.
 * @param maxCallDuration  if not null, the test line hangs up with BYE this long after answering
 */
public record TestLineOptions(long ringDelayMs, boolean echoRtp, List<String> codecPreference,
                              Duration maxCallDuration) {

    public static final long DEFAULT_RING_DELAY_MS = 200;

    public TestLineOptions {
        if (ringDelayMs < 0) {
            throw new IllegalArgumentException("ringDelayMs must not be negative: " + ringDelayMs);
        }
        Objects.requireNonNull(codecPreference, "codecPreference");
        codecPreference = codecPreference.stream().map(c -> c.toUpperCase(Locale.ROOT)).toList();
        for (String codec : codecPreference) {
            if (!codec.equals("PCMU") && !codec.equals("PCMA")) {
                throw new IllegalArgumentException("codec preference must be PCMU or PCMA: " + codec);
            }
        }
        if (maxCallDuration != null && (maxCallDuration.isNegative() || maxCallDuration.isZero())) {
            throw new IllegalArgumentException("maxCallDuration must be positive: " + maxCallDuration);
        }
    }

    /** Ring 200 ms, echo audio, answer with the offer's first G.711 codec, never hang up by itself. */
    public static TestLineOptions defaults() {
        return new TestLineOptions(DEFAULT_RING_DELAY_MS, true, List.of(), null);
    }

    public TestLineOptions withRingDelayMs(long delayMs) {
        return new TestLineOptions(delayMs, echoRtp, codecPreference, maxCallDuration);
    }

    public TestLineOptions withEchoRtp(boolean echo) {
        return new TestLineOptions(ringDelayMs, echo, codecPreference, maxCallDuration);
    }

    public TestLineOptions withCodecPreference(String... codecs) {
        return new TestLineOptions(ringDelayMs, echoRtp, List.of(codecs), maxCallDuration);
    }

    public TestLineOptions withMaxCallDuration(Duration duration) {
        return new TestLineOptions(ringDelayMs, echoRtp, codecPreference, duration);
    }
}
