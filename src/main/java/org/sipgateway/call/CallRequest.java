package org.sipgateway.call;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A call placed without a WebSocket (PROTOCOL.md §8), from gateway.requests.uri or
 * {@code POST /api/calls}: {@code {"target":"0912345678","play":["alert.wav"],
 * "hangupAfterPlay":true,"maxDuration":60}}. Unknown fields are refused, so a typo is an error
 * rather than a setting silently ignored.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record CallRequest(String target, List<String> play, Boolean hangupAfterPlay, Integer maxDuration) {
}
