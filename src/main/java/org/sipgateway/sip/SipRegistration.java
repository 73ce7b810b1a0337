package org.sipgateway.sip;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.Header;
import javax.sip.header.ProxyAuthenticateHeader;
import javax.sip.header.ProxyAuthorizationHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the gateway registered (RFC 3261 §10.2): one Call-ID for every REGISTER, CSeq counting
 * up, digest credentials from the last challenge sent pre-emptively with a growing nonce count,
 * a refresh well before the granted expiry, and an un-REGISTER (Expires: 0) at shutdown.
 */
final class SipRegistration {

    private static final Logger LOG = LoggerFactory.getLogger(SipRegistration.class);
    /** After a failure or timeout, try again this much later. */
    private static final long RETRY_MILLIS = 30_000;
    /** Refresh this long before expiry, or at half the expiry when it is short. */
    private static final int REFRESH_MARGIN_SECONDS = 30;

    private final SipUserAgent agent;
    private final CallIdHeader callId;
    private final String fromTag = SipConstants.newTag();
    private long cseq;
    private int requestedExpires;
    private DigestChallenge challenge;
    private boolean proxyChallenge;
    private int nonceCount;
    private boolean retriedThisRound;
    private ScheduledFuture<?> refresh;
    private CountDownLatch unregistered = new CountDownLatch(1);
    /** A REGISTER is out and has no final answer yet (RFC 3261 §10.2: the next one waits for it). */
    private boolean inFlight;
    /** For the readiness check: what the registrar last said, in words. */
    private volatile String state = "not registered yet";
    private volatile boolean registered;

    SipRegistration(SipUserAgent agent) throws java.text.ParseException {
        this.agent = agent;
        this.callId = agent.messages().newCallId();
    }

    private String aor() {
        SipSettings settings = agent.settings();
        return (settings.hasCredentials() ? settings.username() : settings.caller()) + "@" + settings.serverHost();
    }

    boolean registered() {
        return registered;
    }

    String state() {
        return state;
    }

    synchronized void register() {
        retriedThisRound = false;
        send(agent.settings().registerExpires());
    }

    /**
     * Sends Expires: 0 once any REGISTER still out has its final answer (RFC 3261 §10.2 forbids a
     * second one before that), then waits for the answer outside the lock, which the answer needs.
     */
    void unregister(long waitMillis) {
        CountDownLatch latch;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        synchronized (this) {
            cancelRefresh();
            try {
                long left;
                while (inFlight && (left = deadline - System.nanoTime()) > 0) {
                    wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            cancelRefresh();
            unregistered = new CountDownLatch(1);
            latch = unregistered;
            retriedThisRound = false;
            send(0);
        }
        try {
            if (!latch.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                LOG.warn("No answer to the un-REGISTER of {} within {} ms", aor(), waitMillis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void send(int expires) {
        requestedExpires = expires;
        try {
            SipMessages messages = agent.messages();
            SipSettings settings = agent.settings();
            SipURI registrar = messages.addresses.createSipURI(null, settings.serverHost());
            registrar.setPort(settings.serverPort());
            String user = settings.hasCredentials() ? settings.username() : settings.caller();
            Address aor = messages.addresses.createAddress(messages.addresses.createSipURI(user, settings.serverHost()));
            Request register = messages.request(Request.REGISTER, registrar, callId, ++cseq, fromTag, aor);
            ((javax.sip.header.FromHeader) register.getHeader("From")).setAddress(aor);
            ContactHeader contact = (ContactHeader) register.getHeader(ContactHeader.NAME);
            contact.setExpires(expires);
            register.addHeader(messages.headers.createExpiresHeader(expires));
            if (challenge != null) {
                DigestCredentials credentials = DigestAuthenticator.respond(challenge, Request.REGISTER,
                        registrar.toString(), settings.username(), settings.password(), DigestAuthenticator.newCnonce(),
                        ++nonceCount);
                String name = proxyChallenge ? ProxyAuthorizationHeader.NAME : AuthorizationHeader.NAME;
                register.setHeader(messages.headers.createHeader(name, credentials.headerValue()));
            }
            agent.provider().getNewClientTransaction(register).sendRequest();
            inFlight = true;
            LOG.info("REGISTER {} (expires {} s) sent", aor(), expires);
        } catch (Exception e) {
            LOG.warn("Could not send REGISTER for {}: {}", aor(), e.toString());
            scheduleRetry();
        }
    }

    synchronized void onResponse(Response response) {
        int status = response.getStatusCode();
        if (status < 200) {
            return;
        }
        inFlight = false;
        notifyAll();
        if ((status == Response.UNAUTHORIZED || status == Response.PROXY_AUTHENTICATION_REQUIRED) && takeChallenge(response)) {
            send(requestedExpires);
            return;
        }
        retriedThisRound = false;
        if (requestedExpires == 0) {
            LOG.info("Un-REGISTER of {}: {} {}", aor(), status, response.getReasonPhrase());
            unregistered.countDown();
            return;
        }
        if (status >= 200 && status < 300) {
            int granted = grantedExpires(response);
            LOG.info("Registered {} for {} s ({} {})", aor(), granted, status, response.getReasonPhrase());
            registered = true;
            state = "registered " + aor() + " for " + granted + " s";
            int refreshIn = granted > 2 * REFRESH_MARGIN_SECONDS ? granted - REFRESH_MARGIN_SECONDS : Math.max(1, granted / 2);
            cancelRefresh();
            refresh = agent.schedule(this::register, refreshIn * 1000L);
        } else if (status >= 300) {
            LOG.warn("REGISTER of {} failed: {} {}; retrying in {} s", aor(), status, response.getReasonPhrase(),
                    RETRY_MILLIS / 1000);
            registered = false;
            state = "REGISTER failed: " + status + " " + response.getReasonPhrase();
            scheduleRetry();
        }
    }

    synchronized void onTimeout() {
        inFlight = false;
        notifyAll();
        if (requestedExpires == 0) {
            unregistered.countDown();
            return;
        }
        LOG.warn("REGISTER of {} got no answer; retrying in {} s", aor(), RETRY_MILLIS / 1000);
        registered = false;
        state = "REGISTER got no answer";
        scheduleRetry();
    }

    /** A fresh challenge is answered once per round; a second one means the credentials are wrong. */
    private boolean takeChallenge(Response response) {
        if (!agent.settings().hasCredentials()) {
            LOG.warn("Registrar asks for credentials ({}) but gateway.sip.username is not set", response.getStatusCode());
            return false;
        }
        if (!agent.serverHop().cameFromServer(response)) {
            LOG.warn("Not answering a {} from {}: credentials go only to gateway.sip.server {}",
                    response.getStatusCode(), ServerHop.source(response), agent.serverHop().server());
            return false;
        }
        boolean proxy = response.getStatusCode() == Response.PROXY_AUTHENTICATION_REQUIRED;
        Header header = response.getHeader(proxy ? ProxyAuthenticateHeader.NAME : WWWAuthenticateHeader.NAME);
        if (header == null) {
            return false;
        }
        try {
            DigestChallenge fresh = DigestChallenge.parse(SipMessages.valueOf(header));
            if (retriedThisRound && !fresh.stale()) {
                LOG.warn("Registrar refused the credentials of {} (realm {})", aor(), fresh.realm());
                return false;
            }
            challenge = fresh;
            proxyChallenge = proxy;
            nonceCount = 0;
            retriedThisRound = true;
            return true;
        } catch (DigestException e) {
            LOG.warn("Cannot answer the registrar's challenge: {}", e.getMessage());
            return false;
        }
    }

    private int grantedExpires(Response response) {
        ContactHeader contact = (ContactHeader) response.getHeader(ContactHeader.NAME);
        if (contact != null && contact.getExpires() > 0) {
            return contact.getExpires();
        }
        ExpiresHeader expires = (ExpiresHeader) response.getHeader(ExpiresHeader.NAME);
        if (expires != null && expires.getExpires() > 0) {
            return expires.getExpires();
        }
        return requestedExpires;
    }

    private void scheduleRetry() {
        cancelRefresh();
        refresh = agent.schedule(this::register, RETRY_MILLIS);
    }

    private void cancelRefresh() {
        if (refresh != null) {
            refresh.cancel(false);
            refresh = null;
        }
    }
}
