package org.sipgateway.access;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.sipgateway.config.SettingsException;

/**
 * A list of IPv4 and IPv6 networks in CIDR notation ({@code 10.0.0.0/8, ::1/128}), parsed once at
 * start-up. Only address literals are accepted, so parsing never does a DNS lookup. A bare address
 * is a network of one. An IPv4 client seen as an IPv4-mapped IPv6 address matches IPv4 networks.
 */
public final class CidrList {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final List<Network> networks;
    private final String text;

    private CidrList(List<Network> networks, String text) {
        this.networks = List.copyOf(networks);
        this.text = text;
    }

    /** Parses a comma-separated list; a bad entry throws a {@link SettingsException} naming {@code setting}. */
    public static CidrList parse(String setting, String value) {
        List<Network> networks = new ArrayList<>();
        for (String raw : value.split(",")) {
            String entry = raw.trim();
            if (!entry.isEmpty()) {
                networks.add(network(setting, value, entry));
            }
        }
        return new CidrList(networks, value.trim());
    }

    private static Network network(String setting, String value, String entry) {
        int slash = entry.indexOf('/');
        String addressText = slash < 0 ? entry : entry.substring(0, slash);
        byte[] address = literal(addressText);
        if (address == null) {
            throw new SettingsException(setting, value, "'" + entry + "' is not an IPv4 or IPv6 network (e.g. 10.0.0.0/8, fd00::/8)");
        }
        int bits = address.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String length = entry.substring(slash + 1);
            if (!length.matches("\\d{1,3}") || Integer.parseInt(length) > bits) {
                throw new SettingsException(setting, value, "'" + entry + "' has a prefix length that is not 0-" + bits);
            }
            prefix = Integer.parseInt(length);
        }
        Network network = new Network(address, prefix);
        if (!network.hostBitsClear()) {
            throw new SettingsException(setting, value, "'" + entry + "' has host bits set; did you mean "
                    + network.masked() + "?");
        }
        return network;
    }

    /** The address bytes of an IP literal (4 or 16), or null if it is none. */
    static byte[] literal(String text) {
        boolean v4 = IPV4.matcher(text).matches();
        if (!v4 && !IPV6.matcher(text).matches()) {
            return null;
        }
        if (v4) {
            for (String part : text.split("\\.")) {
                if (Integer.parseInt(part) > 255 || (part.length() > 1 && part.startsWith("0"))) {
                    return null;
                }
            }
        }
        try {
            // Only literals reach this point; brackets make the JDK refuse a bad IPv6 literal
            // instead of looking it up as a host name.
            return InetAddress.getByName(v4 ? text : "[" + text + "]").getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** True when the address (an IP literal, as Vert.x reports a peer) is in one of the networks. */
    public boolean contains(String address) {
        if (address == null) {
            return false;
        }
        String bare = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        byte[] bytes = literal(bare);
        if (bytes == null) {
            return false;
        }
        for (Network network : networks) {
            if (network.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    public boolean isEmpty() {
        return networks.isEmpty();
    }

    @Override
    public String toString() {
        return text.isEmpty() ? "(none)" : text;
    }

    private record Network(byte[] address, int prefix) {

        boolean contains(byte[] candidate) {
            if (candidate.length != address.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (candidate[i] != address[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (candidate[full] & mask) == (address[full] & mask);
        }

        boolean hostBitsClear() {
            return contains(address) && java.util.Arrays.equals(maskedBytes(), address);
        }

        byte[] maskedBytes() {
            byte[] out = address.clone();
            for (int i = 0; i < out.length; i++) {
                int bitsHere = Math.max(0, Math.min(8, prefix - i * 8));
                out[i] = (byte) (out[i] & ((0xFF << (8 - bitsHere)) & 0xFF));
            }
            return out;
        }

        String masked() {
            try {
                return InetAddress.getByAddress(maskedBytes()).getHostAddress() + "/" + prefix;
            } catch (UnknownHostException e) {
                return "?";
            }
        }
    }
}
