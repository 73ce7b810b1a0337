package org.sipgateway.sip;

import java.text.ParseException;
import java.util.List;

import javax.sip.InvalidArgumentException;
import javax.sip.SipException;
import javax.sip.SipFactory;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.Header;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Message;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * Builds the gateway's SIP requests and responses (RFC 3261 §8.1.1, §8.2.6) with JAIN-SIP's
 * factories. Every value that reaches a header here was validated before (targets by the command
 * parser, names and hosts by the settings), and JAIN-SIP's parsers reject what is not a URI.
 */
final class SipMessages {

    static final String ALLOW = "INVITE, ACK, CANCEL, BYE, OPTIONS";
    private static final int MAX_FORWARDS = 70;

    final AddressFactory addresses;
    final HeaderFactory headers;
    final MessageFactory messages;
    private final SipSettings settings;

    SipMessages(SipFactory factory, SipSettings settings) throws Exception {
        this.addresses = factory.createAddressFactory();
        this.headers = factory.createHeaderFactory();
        this.messages = factory.createMessageFactory();
        this.settings = settings;
    }

    Request request(String method, URI requestUri, CallIdHeader callId, long cseq, String fromTag, Address to)
            throws ParseException, InvalidArgumentException {
        SipURI fromUri = addresses.createSipURI(settings.caller(), settings.serverHost());
        Address fromAddress = addresses.createAddress(fromUri);
        FromHeader from = headers.createFromHeader(fromAddress, fromTag);
        ToHeader toHeader = headers.createToHeader(to, null);
        CSeqHeader cseqHeader = headers.createCSeqHeader(cseq, method);
        Request request = messages.createRequest(requestUri, method, callId, cseqHeader, from, toHeader,
                List.of(via()), headers.createMaxForwardsHeader(MAX_FORWARDS));
        request.addHeader(contact());
        request.addHeader(headers.createUserAgentHeader(List.of(SipConstants.USER_AGENT)));
        return request;
    }

    Request invite(URI requestUri, CallIdHeader callId, String fromTag, String sdp)
            throws ParseException, InvalidArgumentException {
        Request invite = request(Request.INVITE, requestUri, callId, 1, fromTag, addresses.createAddress(requestUri));
        invite.addHeader(headers.createAllowHeader(ALLOW));
        setSdp(invite, sdp);
        return invite;
    }

    /** RFC 3261 §8.1.1.4: globally unique; the stack's own uses the bind address, often 0.0.0.0. */
    CallIdHeader newCallId() throws ParseException {
        return headers.createCallIdHeader(SipConstants.newTag() + SipConstants.newTag() + "@" + settings.advertisedHost());
    }

    ViaHeader via() throws ParseException, InvalidArgumentException {
        ViaHeader via = headers.createViaHeader(settings.advertisedHost(), settings.port(), settings.transport(), null);
        via.setRPort();
        return via;
    }

    ContactHeader contact() throws ParseException {
        SipURI uri = addresses.createSipURI(settings.caller(), settings.advertisedHost());
        uri.setPort(settings.port());
        if (!"udp".equals(settings.transport())) {
            uri.setTransportParam(settings.transport());
        }
        return headers.createContactHeader(addresses.createAddress(uri));
    }

    /** The answering side of a new INVITE, with our Contact and User-Agent. */
    ServerDialog serverDialog(javax.sip.ServerTransaction transaction) {
        return new ServerDialog(transaction, messages, headers, this::contact, SipConstants.USER_AGENT);
    }

    /** RFC 3515 §2.1: where a REFER sends the far end. */
    Header referTo(String uri) throws ParseException {
        return headers.createReferToHeader(addresses.createAddress(addresses.createURI(uri)));
    }

    void setSdp(Message message, String sdp) throws ParseException {
        ContentTypeHeader type = headers.createContentTypeHeader("application", "sdp");
        message.setContent(sdp, type);
    }

    Response response(int status, Request request) throws ParseException {
        Response response = messages.createResponse(status, request);
        ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
        if (status > 100 && to != null && to.getTag() == null) {
            to.setTag(SipConstants.newTag());
        }
        if (status >= 200 && status < 300) {
            response.addHeader(contact());
        }
        response.addHeader(headers.createUserAgentHeader(List.of(SipConstants.USER_AGENT)));
        return response;
    }

    /** Re-sends an authenticated copy of {@code original}: next CSeq, fresh branch, new credentials. */
    Request withCredentials(Request original, String headerName, String credentials)
            throws ParseException, InvalidArgumentException, SipException {
        Request retry = (Request) original.clone();
        CSeqHeader cseq = (CSeqHeader) retry.getHeader(CSeqHeader.NAME);
        cseq.setSeqNumber(cseq.getSeqNumber() + 1);
        retry.removeHeader(ViaHeader.NAME);
        retry.addFirst(via());
        retry.setHeader(headers.createHeader(headerName, credentials));
        return retry;
    }

    /** A redirected copy of {@code original} (RFC 3261 §8.1.3.4): new Request-URI, next CSeq, fresh branch, no credentials. */
    Request redirected(Request original, String requestUri) throws ParseException, InvalidArgumentException, SipException {
        Request retry = (Request) original.clone();
        retry.setRequestURI(addresses.createURI(requestUri));
        CSeqHeader cseq = (CSeqHeader) retry.getHeader(CSeqHeader.NAME);
        cseq.setSeqNumber(cseq.getSeqNumber() + 1);
        retry.removeHeader(ViaHeader.NAME);
        retry.addFirst(via());
        retry.removeHeader(javax.sip.header.AuthorizationHeader.NAME);
        retry.removeHeader(javax.sip.header.ProxyAuthorizationHeader.NAME);
        return retry;
    }

    /** The value of a header as sent, without its name. */
    static String valueOf(Header header) {
        String encoded = header.toString().trim();
        int colon = encoded.indexOf(':');
        return colon < 0 ? encoded : encoded.substring(colon + 1).trim();
    }

    static String body(Message message) {
        byte[] raw = message.getRawContent();
        return raw == null ? "" : new String(raw, java.nio.charset.StandardCharsets.UTF_8);
    }
}
