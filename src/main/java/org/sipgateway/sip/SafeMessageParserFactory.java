package org.sipgateway.sip;

import java.text.ParseException;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.parser.StringMsgParserFactory;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import gov.nist.javax.sip.parser.StringMsgParser;
import gov.nist.javax.sip.stack.SIPTransactionStack;

/**
 * The RI's parser with its error texts replaced. When a required header does not parse, the RI
 * answers {@code 400 Bad Request (<the exception's message>)} by itself, and that message is the
 * lexer's internals (a {@code char[]}'s identity, raw line feeds from the offending header). The
 * answer is built in a final method of the message channel, so the only place to act is where the
 * exception is made: here every ParseException leaves with a fixed, printable reason that names
 * at most the header's class, never its text (RFC 3261 §21.4.1 leaves the reason phrase to us).
 * It extends the stock factory because the stack tells its factory apart by type: with a plain
 * {@code MessageParserFactory} outbound TCP calls lost their INVITE (CallOverTcpTest).
 */
public final class SafeMessageParserFactory extends StringMsgParserFactory {

    @Override
    public MessageParser createMessageParser(SIPTransactionStack stack) {
        return new SafeParser();
    }

    static ParseException clean(ParseException e, Class<?> headerClass) {
        String what = headerClass == null ? "malformed message" : "malformed " + headerName(headerClass) + " header";
        return new ParseException(what, e.getErrorOffset());
    }

    /** {@code CallID} for {@code gov.nist.javax.sip.header.CallID}: letters and digits only. */
    static String headerName(Class<?> headerClass) {
        String simple = headerClass.getSimpleName();
        StringBuilder name = new StringBuilder(simple.length());
        for (int i = 0; i < simple.length() && name.length() < 32; i++) {
            char c = simple.charAt(i);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                name.append(c);
            }
        }
        return name.length() == 0 ? "a" : name.toString();
    }

    private static final class SafeParser extends StringMsgParser {

        @Override
        public SIPMessage parseSIPMessage(byte[] message, boolean readBody, boolean strict, ParseExceptionListener listener)
                throws ParseException {
            ParseExceptionListener safe = listener == null ? null : (ex, sipMessage, headerClass, headerText, messageText) -> {
                try {
                    listener.handleException(ex, sipMessage, headerClass, headerText, messageText);
                } catch (ParseException refused) {
                    throw clean(refused, headerClass);
                }
            };
            try {
                return super.parseSIPMessage(message, readBody, strict, safe);
            } catch (ParseException e) {
                throw e.getMessage() != null && e.getMessage().startsWith("malformed ") ? e : clean(e, null);
            }
        }
    }
}
