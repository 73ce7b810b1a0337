package org.sipgateway.sip;

import java.util.Locale;
import java.util.Objects;

/**
 * The parts of a remote session description (RFC 4566) that the gateway needs to exchange
 * G.711 audio: where to send RTP, which payload type to use, and whether the peer wants media.
 *
 * @param connectionAddress         address from the media-level {@code c=} line, else the session-level one
 * @param rtpPort                   port of the selected {@code m=audio} line, never 0
 * @param payloadType               RTP payload type chosen for PCMU or PCMA
 * @param codecName                 {@code "PCMU"} or {@code "PCMA"}
 * @param telephoneEventPayloadType RFC 4733 telephone-event payload type, or {@code null} if not offered
 * @param direction                 media direction, media level overriding session level
 */
public record SdpAnswer(String connectionAddress, int rtpPort, int payloadType, String codecName,
                        Integer telephoneEventPayloadType, Direction direction) {

    /** Media direction attributes of RFC 4566 §6 as used by RFC 3264 §5.1. */
    public enum Direction {
        SENDRECV, SENDONLY, RECVONLY, INACTIVE;

        /** The attribute name as it appears in SDP, e.g. {@code sendonly}. */
        public String attribute() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * The direction to put in an answer to an offer with this direction (RFC 3264 §6.1):
         * a sendonly offer is answered recvonly, recvonly with sendonly, inactive with inactive.
         */
        public Direction answer() {
            return switch (this) {
                case SENDONLY -> RECVONLY;
                case RECVONLY -> SENDONLY;
                case INACTIVE -> INACTIVE;
                case SENDRECV -> SENDRECV;
            };
        }

        /** The direction named by an SDP attribute, or {@code null} if it is some other attribute. */
        static Direction fromAttribute(String attribute) {
            for (Direction d : values()) {
                if (d.attribute().equalsIgnoreCase(attribute)) {
                    return d;
                }
            }
            return null;
        }
    }

    public SdpAnswer {
        Objects.requireNonNull(connectionAddress, "connectionAddress");
        Objects.requireNonNull(codecName, "codecName");
        Objects.requireNonNull(direction, "direction");
        if (rtpPort < 1 || rtpPort > 65535) {
            throw new IllegalArgumentException("rtpPort out of range 1-65535: " + rtpPort);
        }
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payloadType out of range 0-127: " + payloadType);
        }
        if (telephoneEventPayloadType != null
                && (telephoneEventPayloadType < 0 || telephoneEventPayloadType > 127)) {
            throw new IllegalArgumentException(
                    "telephoneEventPayloadType out of range 0-127: " + telephoneEventPayloadType);
        }
    }

    /**
     * Whether the peer has put the call on hold: either the RFC 2543 convention of connection
     * address 0.0.0.0 (still honoured per RFC 3264 §8.4) or a sendonly/inactive direction.
     */
    public boolean onHold() {
        return "0.0.0.0".equals(connectionAddress)
                || direction == Direction.SENDONLY
                || direction == Direction.INACTIVE;
    }
}
