package org.sipgateway.sip;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the audio parameters out of a remote session description (RFC 4566), whether it is the
 * answer to our offer or a new offer in a re-INVITE (RFC 3264).
 *
 * <p>Only what the gateway relies on is validated: the v= line, every m= and c= line, and the
 * payload types and rtpmap attributes of the selected audio stream. Everything else is ignored
 * so that unusual but valid descriptions still work.
 */
public final class SdpAnswerParser {

    private static final int MAX_PORT = 65535;
    private static final int MAX_PAYLOAD_TYPE = 127;
    private static final int G711_CLOCK_RATE = 8000;

    private SdpAnswerParser() {
    }

    /**
     * Parses {@code sdp}, accepting CRLF or bare LF line endings and trailing whitespace.
     *
     * @throws SdpException if the description is malformed, has no usable audio stream, no
     *                      connection address for it, or offers neither PCMU nor PCMA
     */
    public static SdpAnswer parse(String sdp) throws SdpException {
        if (sdp == null || sdp.isBlank()) {
            throw new SdpException("empty session description");
        }
        List<Line> lines = split(sdp);
        Line first = lines.get(0);
        // RFC 4566 §5: the description starts with the v= line, and §5.1 defines only version 0.
        if (first.type() != 'v' || !first.value().equals("0")) {
            throw new SdpException("line " + first.number() + ": session description must start with v=0");
        }

        String sessionConnection = null;
        List<Line> sessionAttributes = new ArrayList<>();
        List<MediaSection> sections = new ArrayList<>();
        MediaSection current = null;
        for (int i = 1; i < lines.size(); i++) {
            Line line = lines.get(i);
            switch (line.type()) {
                case 'm' -> {
                    current = new MediaSection(parseMediaLine(line));
                    sections.add(current);
                }
                case 'c' -> {
                    String address = parseConnection(line);
                    if (current == null) {
                        if (sessionConnection == null) {
                            sessionConnection = address;
                        }
                    } else if (current.connection == null) {
                        current.connection = address;
                    }
                }
                case 'a' -> (current == null ? sessionAttributes : current.attributes).add(line);
                default -> {
                }
            }
        }

        MediaSection audio = null;
        for (MediaSection section : sections) {
            // RFC 3264 §6: a zero port marks a rejected or disabled stream.
            if (section.media.media().equalsIgnoreCase("audio") && section.media.port() != 0) {
                audio = section;
                break;
            }
        }
        if (audio == null) {
            throw new SdpException("no m=audio line with a non-zero port");
        }

        String connection = audio.connection != null ? audio.connection : sessionConnection;
        if (connection == null) {
            throw new SdpException("line " + audio.media.number()
                    + ": no c= line for the audio stream at media or session level");
        }

        List<Integer> payloadTypes = parsePayloadTypes(audio.media);
        Map<Integer, RtpMap> rtpMaps = parseRtpMaps(audio.attributes);

        Integer chosen = null;
        String codec = null;
        for (int pt : payloadTypes) {
            codec = g711Name(pt, rtpMaps.get(pt));
            if (codec != null) {
                chosen = pt;
                break;
            }
        }
        if (chosen == null) {
            throw new SdpException("no common codec (answer offers: " + describe(payloadTypes, rtpMaps) + ")");
        }

        Integer telephoneEvent = null;
        for (int pt : payloadTypes) {
            RtpMap map = rtpMaps.get(pt);
            if (map != null && map.encoding().equalsIgnoreCase("telephone-event")
                    && map.clockRate() == G711_CLOCK_RATE) {
                telephoneEvent = pt;
                break;
            }
        }

        SdpAnswer.Direction direction = direction(audio.attributes);
        if (direction == null) {
            direction = direction(sessionAttributes);
        }
        if (direction == null) {
            // RFC 3264 §5.1: sendrecv is the default when no direction attribute is present.
            direction = SdpAnswer.Direction.SENDRECV;
        }
        return new SdpAnswer(connection, audio.media.port(), chosen, codec, telephoneEvent, direction);
    }

    private static List<Line> split(String sdp) throws SdpException {
        String[] raw = sdp.split("\n", -1);
        List<Line> lines = new ArrayList<>(raw.length);
        for (int i = 0; i < raw.length; i++) {
            String text = raw[i].stripTrailing();
            if (text.isEmpty()) {
                continue;
            }
            // RFC 4566 §5: every line is <type>=<value> with a one-character type.
            if (text.length() < 2 || text.charAt(1) != '=') {
                throw new SdpException("line " + (i + 1) + ": expected <type>=<value> but found '"
                        + abbreviate(text) + "'");
            }
            lines.add(new Line(i + 1, text.charAt(0), text.substring(2)));
        }
        return lines;
    }

    /** RFC 4566 §5.14: {@code m=<media> <port>[/<number of ports>] <proto> <fmt> ...}. */
    private static MediaLine parseMediaLine(Line line) throws SdpException {
        String[] fields = fields(line.value());
        if (fields.length < 4) {
            throw new SdpException("line " + line.number()
                    + ": m= line needs <media> <port> <proto> <fmt>, found '" + abbreviate(line.value()) + "'");
        }
        String portField = fields[1];
        int slash = portField.indexOf('/');
        String portText = slash < 0 ? portField : portField.substring(0, slash);
        int port = parseNumber(line.number(), "port", portText, MAX_PORT);
        if (slash >= 0) {
            int count = parseNumber(line.number(), "number of ports", portField.substring(slash + 1), MAX_PORT);
            if (count < 1) {
                throw new SdpException("line " + line.number() + ": number of ports must be at least 1");
            }
        }
        List<String> formats = List.of(fields).subList(3, fields.length);
        return new MediaLine(line.number(), fields[0], port, fields[2], formats);
    }

    /** RFC 4566 §5.7: {@code c=<nettype> <addrtype> <connection-address>}. */
    private static String parseConnection(Line line) throws SdpException {
        String[] fields = fields(line.value());
        if (fields.length != 3) {
            throw new SdpException("line " + line.number()
                    + ": c= line needs <nettype> <addrtype> <address>, found '" + abbreviate(line.value()) + "'");
        }
        if (!fields[0].equals("IN")) {
            throw new SdpException("line " + line.number() + ": unsupported network type '"
                    + abbreviate(fields[0]) + "', expected IN");
        }
        if (!fields[1].equals("IP4") && !fields[1].equals("IP6")) {
            throw new SdpException("line " + line.number() + ": unsupported address type '"
                    + abbreviate(fields[1]) + "', expected IP4 or IP6");
        }
        String address = fields[2];
        // Multicast addresses carry /<ttl> and /<number of addresses> suffixes.
        int slash = address.indexOf('/');
        if (slash >= 0) {
            address = address.substring(0, slash);
        }
        if (address.isEmpty()) {
            throw new SdpException("line " + line.number() + ": empty connection address");
        }
        return address;
    }

    /** RFC 3551 §3: with RTP/AVP each format is an RTP payload type, a 7-bit number. */
    private static List<Integer> parsePayloadTypes(MediaLine media) throws SdpException {
        List<Integer> types = new ArrayList<>(media.formats().size());
        for (String format : media.formats()) {
            types.add(parseNumber(media.number(), "payload type", format, MAX_PAYLOAD_TYPE));
        }
        return types;
    }

    /** RFC 4566 §6: {@code a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>]}. */
    private static Map<Integer, RtpMap> parseRtpMaps(List<Line> attributes) throws SdpException {
        Map<Integer, RtpMap> maps = new LinkedHashMap<>();
        for (Line line : attributes) {
            String value = line.value();
            if (!value.regionMatches(true, 0, "rtpmap:", 0, "rtpmap:".length())) {
                continue;
            }
            String[] fields = fields(value.substring("rtpmap:".length()));
            if (fields.length != 2) {
                throw new SdpException("line " + line.number()
                        + ": rtpmap needs <payload type> <encoding>/<clock rate>, found '" + abbreviate(value) + "'");
            }
            int pt = parseNumber(line.number(), "rtpmap payload type", fields[0], MAX_PAYLOAD_TYPE);
            String[] encoding = fields[1].split("/", -1);
            if (encoding.length < 2 || encoding.length > 3 || encoding[0].isEmpty()) {
                throw new SdpException("line " + line.number()
                        + ": rtpmap encoding must be <name>/<clock rate>[/<parameters>], found '"
                        + abbreviate(fields[1]) + "'");
            }
            int clockRate = parseNumber(line.number(), "rtpmap clock rate", encoding[1], Integer.MAX_VALUE);
            String parameters = encoding.length == 3 ? encoding[2] : null;
            maps.putIfAbsent(pt, new RtpMap(encoding[0], clockRate, parameters));
        }
        return maps;
    }

    /**
     * "PCMU" or "PCMA" if the payload type carries G.711 at 8 kHz mono. Static types 0 and 8
     * (RFC 3551 §6) need no rtpmap; a dynamic type is known only through its rtpmap.
     */
    private static String g711Name(int pt, RtpMap map) {
        if (map == null) {
            return switch (pt) {
                case 0 -> "PCMU";
                case 8 -> "PCMA";
                default -> null;
            };
        }
        boolean mono = map.parameters() == null || map.parameters().equals("1");
        if (map.clockRate() != G711_CLOCK_RATE || !mono) {
            return null;
        }
        String name = map.encoding().toUpperCase(Locale.ROOT);
        return name.equals("PCMU") || name.equals("PCMA") ? name : null;
    }

    private static SdpAnswer.Direction direction(List<Line> attributes) throws SdpException {
        SdpAnswer.Direction found = null;
        for (Line line : attributes) {
            SdpAnswer.Direction d = SdpAnswer.Direction.fromAttribute(line.value());
            if (d == null) {
                continue;
            }
            if (found != null && found != d) {
                throw new SdpException("line " + line.number() + ": a=" + d.attribute()
                        + " conflicts with a=" + found.attribute() + " at the same level");
            }
            found = d;
        }
        return found;
    }

    private static String describe(List<Integer> payloadTypes, Map<Integer, RtpMap> maps) {
        StringBuilder text = new StringBuilder();
        for (int pt : payloadTypes) {
            if (text.length() > 0) {
                text.append(", ");
            }
            text.append(pt);
            RtpMap map = maps.get(pt);
            if (map != null) {
                text.append(' ').append(map.encoding()).append('/').append(map.clockRate());
                if (map.parameters() != null) {
                    text.append('/').append(map.parameters());
                }
            }
        }
        return text.toString();
    }

    private static int parseNumber(int lineNumber, String what, String text, int max) throws SdpException {
        // Ten digits always fit in a long, so the range check below cannot be fooled by overflow.
        if (text.isEmpty() || text.length() > 10) {
            throw new SdpException("line " + lineNumber + ": " + what + " '" + abbreviate(text)
                    + "' is not a number 0-" + max);
        }
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch < '0' || ch > '9') {
                throw new SdpException("line " + lineNumber + ": " + what + " '" + abbreviate(text)
                        + "' is not a number");
            }
        }
        long value = Long.parseLong(text);
        if (value > max) {
            throw new SdpException("line " + lineNumber + ": " + what + " " + text
                    + " is out of range 0-" + max);
        }
        return (int) value;
    }

    /** RFC 4566 §5 uses single spaces; runs of blanks are tolerated since they are unambiguous. */
    private static String[] fields(String value) {
        String trimmed = value.strip();
        return trimmed.isEmpty() ? new String[0] : trimmed.split("[ \t]+");
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

    private record Line(int number, char type, String value) {
    }

    private record MediaLine(int number, String media, int port, String proto, List<String> formats) {
    }

    private record RtpMap(String encoding, int clockRate, String parameters) {
    }

    private static final class MediaSection {
        final MediaLine media;
        final List<Line> attributes = new ArrayList<>();
        String connection;

        MediaSection(MediaLine media) {
            this.media = media;
        }
    }
}
