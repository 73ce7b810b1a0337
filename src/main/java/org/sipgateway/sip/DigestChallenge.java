package org.sipgateway.sip;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A Digest challenge from a {@code WWW-Authenticate} (401) or {@code Proxy-Authenticate} (407)
 * header, as SIP uses it per RFC 3261 §22.4 with the parameters of RFC 2617 §3.2.1.
 *
 * @param realm      protection space; credentials are cached per realm
 * @param nonce      server nonce to be hashed into the response
 * @param opaque     value to echo back unchanged, or {@code null}
 * @param algorithm  always {@code "MD5"}; other algorithms are rejected while parsing
 * @param qopOptions offered quality-of-protection values, lower case; empty for RFC 2069 servers
 * @param stale      whether the previous nonce expired while the credentials were right
 */
public record DigestChallenge(String realm, String nonce, String opaque, String algorithm,
                              List<String> qopOptions, boolean stale) {

    public DigestChallenge {
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(algorithm, "algorithm");
        qopOptions = List.copyOf(qopOptions);
    }

    /**
     * Parses a challenge such as
     * {@code Digest realm="x", nonce="y", qop="auth,auth-int", opaque="z", algorithm=MD5, stale=FALSE}.
     * Parameter names and the scheme are case-insensitive; unknown parameters such as
     * {@code domain} are ignored.
     *
     * @throws DigestException if the scheme is not Digest, the syntax is malformed, realm or nonce
     *                         is missing, or the algorithm is not MD5
     */
    public static DigestChallenge parse(String headerValue) throws DigestException {
        Map<String, String> params = DigestParams.parse(headerValue);
        String realm = params.get("realm");
        if (realm == null) {
            throw new DigestException("challenge has no realm");
        }
        String nonce = params.get("nonce");
        if (nonce == null) {
            throw new DigestException("challenge has no nonce");
        }
        // RFC 2617 §3.2.1: an absent algorithm means MD5.
        String algorithm = params.getOrDefault("algorithm", "MD5");
        if (!algorithm.equalsIgnoreCase("MD5")) {
            throw new DigestException("unsupported algorithm '" + algorithm + "', only MD5 is supported");
        }
        return new DigestChallenge(realm, nonce, params.get("opaque"), "MD5",
                qopOptions(params.get("qop")), stale(params.get("stale")));
    }

    /** RFC 2617 §3.2.1: a quoted, comma separated list of qop values. */
    private static List<String> qopOptions(String value) {
        List<String> options = new ArrayList<>();
        if (value == null) {
            return options;
        }
        for (String option : value.split(",")) {
            String trimmed = option.strip().toLowerCase(Locale.ROOT);
            if (!trimmed.isEmpty() && !options.contains(trimmed)) {
                options.add(trimmed);
            }
        }
        return options;
    }

    /** RFC 2617 §3.2.1: stale is "true" or "false", case-insensitive; absent means false. */
    private static boolean stale(String value) throws DigestException {
        if (value == null || value.equalsIgnoreCase("false")) {
            return false;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        throw new DigestException("stale must be true or false, found '" + value + "'");
    }
}
