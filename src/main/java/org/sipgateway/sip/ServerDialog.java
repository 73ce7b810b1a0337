package org.sipgateway.sip;

import java.text.ParseException;

import javax.sip.Dialog;
import javax.sip.InvalidArgumentException;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.header.ContactHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * The answering side (UAS) of one INVITE, up to its final response (RFC 3261 §13.3): every
 * response carries the one To tag it chose (§8.2.6.2), the dialog-creating ones (18x, 2xx) its
 * Contact (§12.1.1), a 2xx the SDP answer. The gateway's inbound calls and the built-in test line
 * both answer through it; each says how its Contact looks.
 */
public final class ServerDialog {

    /** The Contact a response of this dialog names; the test line's depends on the transport. */
    @FunctionalInterface
    public interface ContactSource {
        ContactHeader contact() throws ParseException;
    }

    private final ServerTransaction transaction;
    private final MessageFactory messages;
    private final HeaderFactory headers;
    private final ContactSource contact;
    private final String userAgent;
    private final String toTag = SipConstants.newTag();

    /** {@code userAgent}: the User-Agent header of every response, or null for none. */
    public ServerDialog(ServerTransaction transaction, MessageFactory messages, HeaderFactory headers, ContactSource contact,
            String userAgent) {
        this.transaction = transaction;
        this.messages = messages;
        this.headers = headers;
        this.contact = contact;
        this.userAgent = userAgent;
    }

    /** The INVITE being answered. */
    public Request request() {
        return transaction.getRequest();
    }

    /** Our tag: the To tag of every response, and of the requests of the dialog that follows. */
    public String toTag() {
        return toTag;
    }

    /** The dialog once a response with our tag has gone out; null before. */
    public Dialog dialog() {
        return transaction.getDialog();
    }

    /** 180 Ringing, which creates the early dialog. */
    public void ring() throws ParseException, SipException, InvalidArgumentException {
        transaction.sendResponse(response(Response.RINGING));
    }

    /** 200 OK with {@code sdp}, the answer to the INVITE's offer. */
    public void answer(String sdp) throws ParseException, SipException, InvalidArgumentException {
        Response ok = response(Response.OK);
        ContentTypeHeader type = headers.createContentTypeHeader("application", "sdp");
        ok.setContent(sdp, type);
        transaction.sendResponse(ok);
    }

    /** A final refusal (3xx-6xx), 487 after a CANCEL included. */
    public void refuse(int status) throws ParseException, SipException, InvalidArgumentException {
        transaction.sendResponse(response(status));
    }

    /** A final refusal with a Warning (RFC 3261 §20.43), e.g. 488 with code 305 "Incompatible media format". */
    public void refuse(int status, int warningCode, String agent, String warning)
            throws ParseException, SipException, InvalidArgumentException {
        Response response = response(status);
        response.addHeader(headers.createWarningHeader(agent, warningCode, warning.replace('"', '\'')));
        transaction.sendResponse(response);
    }

    /** A response to the INVITE with our tag; a dialog-creating one also names our Contact. */
    public Response response(int status) throws ParseException {
        Response response = messages.createResponse(status, transaction.getRequest());
        ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
        if (status > Response.TRYING && to != null && to.getTag() == null) {
            to.setTag(toTag);
        }
        if (status > Response.TRYING && status < 300) {
            response.addHeader(contact.contact());
        }
        if (userAgent != null) {
            response.addHeader(headers.createUserAgentHeader(java.util.List.of(userAgent)));
        }
        return response;
    }
}
