package org.sipgateway.sip;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Our session description (RFC 4566) for a G.711 audio call: offering PCMU, PCMA and RFC 4733
 * telephone-event on one RTP port, and answering a remote offer per RFC 3264.
 *
 * <p>Per RFC 3264 §8 the caller must raise {@code sessionVersion} each time it sends a changed
 * description within the same session, keeping {@code sessionId} fixed.
 *
 * @param sessionAddress IPv4 or IPv6 literal (brackets allowed) or host name that receives our RTP
 * @param rtpPort        local RTP port, 1-65535
 * @param sessionId      o= session id, not negative
 * @param sessionVersion o= session version, not negative
 * @param userName       o= user name; RFC 4566 §5.2 suggests "-" when there is none
 */
public record SdpOffer(String sessionAddress, int rtpPort, long sessionId, long sessionVersion,
                       String userName) {

    private static final String CRLF = "\r\n";
    private static final int PCMU = 0;
    private static final int PCMA = 8;
    private static final int TELEPHONE_EVENT = 101;

    public SdpOffer {
        Objects.requireNonNull(sessionAddress, "sessionAddress");
        Objects.requireNonNull(userName, "userName");
        sessionAddress = stripBrackets(sessionAddress);
        requireSdpToken("sessionAddress", sessionAddress);
        requireSdpToken("userName", userName);
        if (rtpPort < 1 || rtpPort > 65535) {
            throw new IllegalArgumentException("rtpPort out of range 1-65535: " + rtpPort);
        }
        if (sessionId < 0) {
            throw new IllegalArgumentException("sessionId must not be negative: " + sessionId);
        }
        if (sessionVersion < 0) {
            throw new IllegalArgumentException("sessionVersion must not be negative: " + sessionVersion);
        }
    }

    /** The offer text for an outbound INVITE, with user name "-". */
    public static String build(String advertisedAddress, int rtpPort, long sessionId, long sessionVersion) {
        return new SdpOffer(advertisedAddress, rtpPort, sessionId, sessionVersion, "-").toSdp();
    }

    /**
     * Our answer to an offer received from the peer, typically in a re-INVITE that puts the call
     * on or off hold. It keeps the peer's payload type numbers (RFC 3264 §6.1) and mirrors the
     * offered direction as {@link SdpAnswer.Direction#answer()} describes.
     *
     * @throws IllegalArgumentException if the offer's codec is not PCMU or PCMA
     */
    public static String answerTo(SdpAnswer remoteOffer, String advertisedAddress, int rtpPort,
                                  long sessionId, long sessionVersion) {
        Objects.requireNonNull(remoteOffer, "remoteOffer");
        String codec = remoteOffer.codecName();
        if (!"PCMU".equalsIgnoreCase(codec) && !"PCMA".equalsIgnoreCase(codec)) {
            throw new IllegalArgumentException("cannot answer codec " + codec + ", only PCMU or PCMA");
        }
        SdpOffer ours = new SdpOffer(advertisedAddress, rtpPort, sessionId, sessionVersion, "-");
        List<Integer> formats = new ArrayList<>();
        List<String> attributes = new ArrayList<>();
        formats.add(remoteOffer.payloadType());
        attributes.add("rtpmap:" + remoteOffer.payloadType() + " " + codec.toUpperCase(Locale.ROOT) + "/8000");
        Integer events = remoteOffer.telephoneEventPayloadType();
        if (events != null) {
            formats.add(events);
            attributes.add("rtpmap:" + events + " telephone-event/8000");
            attributes.add("fmtp:" + events + " 0-16");
        }
        attributes.add("ptime:20");
        attributes.add(remoteOffer.direction().answer().attribute());
        return ours.render(formats, attributes);
    }

    /** As {@link #build(String, int, long, long)} with another direction: sendonly to hold (RFC 6337 §5.3). */
    public static String build(String advertisedAddress, int rtpPort, long sessionId, long sessionVersion,
            SdpAnswer.Direction direction) {
        return new SdpOffer(advertisedAddress, rtpPort, sessionId, sessionVersion, "-").toSdp(direction);
    }

    /** The offer text with CRLF line endings. */
    public String toSdp() {
        return toSdp(SdpAnswer.Direction.SENDRECV);
    }

    private String toSdp(SdpAnswer.Direction direction) {
        return render(List.of(PCMU, PCMA, TELEPHONE_EVENT), List.of(
                "rtpmap:" + PCMU + " PCMU/8000",
                "rtpmap:" + PCMA + " PCMA/8000",
                "rtpmap:" + TELEPHONE_EVENT + " telephone-event/8000",
                "fmtp:" + TELEPHONE_EVENT + " 0-16",
                "ptime:20",
                direction.attribute()));
    }

    /** {@code IP6} for an IPv6 literal, else {@code IP4} (RFC 4566 §5.7). */
    String addressType() {
        return sessionAddress.indexOf(':') >= 0 ? "IP6" : "IP4";
    }

    private String render(List<Integer> formats, List<String> attributes) {
        String address = "IN " + addressType() + " " + sessionAddress;
        StringBuilder sdp = new StringBuilder(256)
                .append("v=0").append(CRLF)
                .append("o=").append(userName).append(' ').append(sessionId).append(' ')
                .append(sessionVersion).append(' ').append(address).append(CRLF)
                .append("s=-").append(CRLF)
                .append("c=").append(address).append(CRLF)
                .append("t=0 0").append(CRLF)
                .append("m=audio ").append(rtpPort).append(" RTP/AVP");
        for (int format : formats) {
            sdp.append(' ').append(format);
        }
        sdp.append(CRLF);
        for (String attribute : attributes) {
            sdp.append("a=").append(attribute).append(CRLF);
        }
        return sdp.toString();
    }

    private static String stripBrackets(String address) {
        if (address.length() >= 2 && address.charAt(0) == '[' && address.charAt(address.length() - 1) == ']') {
            return address.substring(1, address.length() - 1);
        }
        return address;
    }

    /** Fields of the o= and c= lines are space separated, so they must be non-empty visible text. */
    private static void requireSdpToken(String name, String value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch <= ' ' || ch >= 0x7f) {
                throw new IllegalArgumentException(
                        name + " contains a space, control or non-ASCII character at index " + i);
            }
        }
    }
}
