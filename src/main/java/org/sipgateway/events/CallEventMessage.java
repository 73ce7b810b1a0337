package org.sipgateway.events;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One call state change as it goes to a message bus (PROTOCOL.md §8), written as JSON by the
 * bus route. The ENDED figures are left out of the other states' messages.
 *
 * @param durationMillis answer to end; 0 for a call that was never answered
 * @param packetsLost    RTP packets missing from the far end's stream (filled with silence)
 * @param recording      the call's recording file in gateway.recording.dir
 * @param from           an inbound call's caller (its From URI); absent for outbound calls
 */
public record CallEventMessage(
        String type,
        String callId,
        String session,
        String state,
        String cause,
        String target,
        String codec,
        String at,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long durationMillis,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long packetsIn,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long packetsOut,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long packetsLost,
        @JsonInclude(JsonInclude.Include.NON_NULL) String recording,
        @JsonInclude(JsonInclude.Include.NON_NULL) String from) {
}
