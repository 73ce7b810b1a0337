package org.sipgateway.testline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.sipgateway.sip.SdpAnswer;
import org.sipgateway.sip.SdpAnswerParser;
import org.sipgateway.sip.SdpException;

/**
 * Picks the G.711 codec for the answer to a remote offer. {@link SdpAnswerParser} always takes the first PCMU/PCMA
 * format of the offer; to honour a preference the offer is re-read with the other G.711 codec's formats left out.
 */
final class CodecChooser {

    private CodecChooser() {
    }

    /**
     * @throws SdpException if the offer is malformed or lists neither PCMU nor PCMA
     */
    static SdpAnswer choose(String offer, List<String> preference) throws SdpException {
        SdpAnswer first = SdpAnswerParser.parse(offer);
        for (String codec : preference) {
            if (first.codecName().equalsIgnoreCase(codec)) {
                return first;
            }
            String other = codec.equals("PCMU") ? "PCMA" : "PCMU";
            try {
                SdpAnswer filtered = SdpAnswerParser.parse(withoutCodec(offer, other));
                if (filtered.codecName().equalsIgnoreCase(codec)) {
                    return filtered;
                }
            } catch (SdpException e) {
                // the offer does not have this codec: try the next preference
            }
        }
        return first;
    }

    /** The offer with every format of {@code codec} removed from its m=audio lines. */
    static String withoutCodec(String offer, String codec) {
        String[] lines = offer.split("\r?\n");
        Map<String, String> rtpmapNames = new HashMap<>();
        for (String line : lines) {
            String l = line.strip();
            if (l.regionMatches(true, 0, "a=rtpmap:", 0, 9)) {
                String[] fields = l.substring(9).strip().split("[ \t]+");
                if (fields.length == 2) {
                    rtpmapNames.putIfAbsent(fields[0], fields[1].split("/")[0].toUpperCase(Locale.ROOT));
                }
            }
        }
        StringBuilder out = new StringBuilder(offer.length());
        for (String line : lines) {
            String l = line.strip();
            if (l.startsWith("m=audio ")) {
                String[] fields = l.substring(2).split("[ \t]+");
                List<String> kept = new ArrayList<>();
                for (int i = 0; i < fields.length; i++) {
                    if (i < 3 || !codec.equals(nameOf(fields[i], rtpmapNames))) {
                        kept.add(fields[i]);
                    }
                }
                out.append("m=").append(String.join(" ", kept));
            } else {
                out.append(l);
            }
            out.append("\r\n");
        }
        return out.toString();
    }

    private static String nameOf(String payloadType, Map<String, String> rtpmapNames) {
        String name = rtpmapNames.get(payloadType);
        if (name != null) {
            return name;
        }
        return switch (payloadType) {
            case "0" -> "PCMU";
            case "8" -> "PCMA";
            default -> null;
        };
    }
}
