package org.sipgateway.sip;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Computes MD5 Digest responses (RFC 2617 §3.2.2, RFC 7616 §3.4.1) for SIP requests challenged
 * with 401 or 407 (RFC 3261 §22.4).
 */
public final class DigestAuthenticator {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private DigestAuthenticator() {
    }

    /**
     * Answers {@code challenge} for one request.
     *
     * @param method     SIP method of the request, e.g. {@code INVITE}
     * @param digestUri  Request-URI of the request, sent as {@code uri}
     * @param cnonce     client nonce, e.g. from {@link #newCnonce()}; used only when qop is offered
     * @param nonceCount 1 for the first request with this nonce, then counting up; used only with qop
     * @throws DigestException if the challenge offers only qop values other than auth, or a value
     *                         that goes into the header contains a line break, double quote or
     *                         other control character
     */
    public static DigestCredentials respond(DigestChallenge challenge, String method, String digestUri,
                                            String username, String password, String cnonce,
                                            int nonceCount) throws DigestException {
        Objects.requireNonNull(challenge, "challenge");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(digestUri, "digestUri");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (!challenge.algorithm().equalsIgnoreCase("MD5")) {
            throw new DigestException("unsupported algorithm '" + challenge.algorithm() + "', only MD5 is supported");
        }
        requireMethodToken(method);
        checkQuotable("username", username);
        checkQuotable("realm", challenge.realm());
        checkQuotable("nonce", challenge.nonce());
        checkQuotable("uri", digestUri);
        if (challenge.opaque() != null) {
            checkQuotable("opaque", challenge.opaque());
        }

        String qop = chooseQop(challenge);
        String ha1 = md5(username + ":" + challenge.realm() + ":" + password);
        String ha2 = md5(method + ":" + digestUri);
        String response;
        if (qop == null) {
            // RFC 2617 §3.2.2.1: without qop the response keeps the RFC 2069 form.
            response = md5(ha1 + ":" + challenge.nonce() + ":" + ha2);
            return new DigestCredentials(username, challenge.realm(), challenge.nonce(), digestUri, response,
                    "MD5", challenge.opaque(), null, null, 0);
        }
        if (cnonce == null || cnonce.isEmpty()) {
            throw new DigestException("qop auth needs a non-empty cnonce");
        }
        checkQuotable("cnonce", cnonce);
        if (nonceCount < 1) {
            throw new DigestException("nonce count must be at least 1, was " + nonceCount);
        }
        String nc = String.format("%08x", nonceCount);
        response = md5(ha1 + ":" + challenge.nonce() + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
        return new DigestCredentials(username, challenge.realm(), challenge.nonce(), digestUri, response,
                "MD5", challenge.opaque(), qop, cnonce, nonceCount);
    }

    /** A fresh client nonce: 64 random bits as 16 lower-case hex digits. */
    public static String newCnonce() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HEX.formatHex(bytes);
    }

    /**
     * RFC 2617 §3.2.2: "auth" when offered; no qop for servers that offer none. A server that
     * offers only auth-int demands body integrity, so falling back to no qop would be a downgrade.
     */
    private static String chooseQop(DigestChallenge challenge) throws DigestException {
        if (challenge.qopOptions().isEmpty()) {
            return null;
        }
        if (challenge.qopOptions().contains("auth")) {
            return "auth";
        }
        if (challenge.qopOptions().contains("auth-int")) {
            throw new DigestException("qop auth-int is not supported");
        }
        throw new DigestException("no supported qop (challenge offers: "
                + String.join(", ", challenge.qopOptions()) + ")");
    }

    static String md5(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("MD5");
            return HEX.formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every Java platform", e);
        }
    }

    private static void checkQuotable(String name, String value) throws DigestException {
        String reason = DigestCredentials.unquotableReason(value);
        if (reason != null) {
            throw new DigestException(name + " " + reason);
        }
    }

    /** RFC 3261 §25.1: Method is a token. */
    private static void requireMethodToken(String method) throws DigestException {
        if (method.isEmpty()) {
            throw new DigestException("method must not be empty");
        }
        for (int i = 0; i < method.length(); i++) {
            if (!DigestParams.isTokenChar(method.charAt(i))) {
                throw new DigestException("method is not a SIP token: '" + method + "'");
            }
        }
    }
}
