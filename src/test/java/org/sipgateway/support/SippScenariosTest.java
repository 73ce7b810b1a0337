package org.sipgateway.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Proves the UAS scenarios under src/test/resources/sipp/ (and the {@link Sipp} runner) against
 * SIPp UACs from src/test/resources/sipp/uac/, both SIPp processes on loopback, before the
 * gateway is tested against the same UAS scenarios.
 */
class SippScenariosTest {

    private static final Duration EXIT = Duration.ofSeconds(30);

    @BeforeAll
    static void sippInstalled() {
        Sipp.requireInstalled();
    }

    /** Runs {@code uacScenario} against {@code uas} and asserts both exit codes. */
    private static Sipp call(Sipp uas, String uacScenario, int calls, int uasExit, int uacExit, String... uacArgs) {
        try (Sipp uac = Sipp.uac("sipp/uac/" + uacScenario, uas.hostPort(), calls, uacArgs)) {
            int uacCode = uac.awaitExit(EXIT);
            int uasCode = uas.awaitExit(EXIT);
            assertEquals(uacExit, uacCode, () -> "UAC exit code\n" + uac.diagnostics() + "\nUAS:\n" + uas.diagnostics());
            assertEquals(uasExit, uasCode, () -> "UAS exit code\n" + uas.diagnostics() + "\nUAC:\n" + uac.diagnostics());
            return uac;
        }
    }

    private static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static boolean udpTaken(int port) {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
            return false;
        } catch (SocketException e) {
            return true;
        }
    }

    @Test
    void answerThenWaitForCallersBye() {
        try (Sipp uas = Sipp.uas("sipp/uas-answer-wait-bye.xml", 1)) {
            assertTrue(uas.isAlive());
            assertTrue(uas.hostPort().equals("127.0.0.1:" + uas.port()));
            assertTrue(udpTaken(uas.port()), "SIP port bound before uas() returns");
            assertTrue(udpTaken(uas.mediaPort()), "[media_port] is a real bound port");
            Sipp uac = call(uas, "uac-call-bye.xml", 1, 0, 0);
            String sent = uas.messages();
            assertTrue(sent.contains("m=audio " + uas.mediaPort() + " RTP/AVP 0"), sent);
            assertTrue(sent.contains("c=IN IP4 127.0.0.1"), sent);
            assertEquals(1, count(sent, "^BYE sip:"), sent);
            assertTrue(uac.messages().contains("SIP/2.0 180 Ringing"));
            assertEquals("", uas.errors().trim());
        }
    }

    @Test
    void answerThenHangUpItself() {
        try (Sipp uas = Sipp.uas("sipp/uas-answer-then-bye.xml", 1)) {
            Sipp uac = call(uas, "uac-call-wait-bye.xml", 1, 0, 0);
            String received = uac.messages();
            // In-dialog BYE: to the caller's Contact, tags swapped.
            assertTrue(received.contains("BYE sip:uac@127.0.0.1:" + uac.port() + " SIP/2.0"), received);
            assertTrue(Pattern.compile("(?m)^From: <sip:service@[^>]+>;tag=\\d+SIPpTag1\\r?$").matcher(received).find(),
                    received);
            assertTrue(Pattern.compile("(?m)^To: <sip:uac@[^>]+>;tag=\\d+UAC1\\r?$").matcher(received).find(),
                    received);
        }
    }

    @Test
    void busy() {
        try (Sipp uas = Sipp.uas("uas-busy.xml", 1)) {
            call(uas, "uac-expect-486.xml", 1, 0, 0);
            assertTrue(uas.messages().contains("SIP/2.0 486 Busy Here"));
            assertTrue(uas.messages().contains("ACK sip:"));
        }
    }

    @Test
    void notFound() {
        try (Sipp uas = Sipp.uas("uas-not-found.xml", 1)) {
            call(uas, "uac-expect-404.xml", 1, 0, 0);
            assertFalse(uas.messages().contains("100 Trying"));
        }
    }

    @Test
    void ringUntilCancelled() {
        try (Sipp uas = Sipp.uas("uas-ring-no-answer.xml", 1)) {
            call(uas, "uac-cancel.xml", 1, 0, 0);
            String log = uas.messages();
            assertTrue(log.contains("CANCEL sip:"), log);
            assertTrue(Pattern.compile("SIP/2.0 487 Request Terminated[^\\n]*\\n(?:[^\\n]+\\n)*CSeq: 1 INVITE").matcher(log).find(),
                    log);
        }
    }

    @Test
    void wwwAuthenticateWithValidDigest() {
        try (Sipp uas = Sipp.uas("uas-auth-401.xml", 1)) {
            call(uas, "uac-auth-call.xml", 1, 0, 0);
            String log = uas.messages();
            assertTrue(log.contains("WWW-Authenticate: Digest realm=\"sipp.test\""), log);
            assertTrue(log.contains("Authorization: Digest username=\"gwuser\""), log);
            assertTrue(log.contains("qop=auth"), log);
        }
    }

    @Test
    void wwwAuthenticateWithWrongPasswordFailsTheUas() {
        try (Sipp uas = Sipp.uas("uas-auth-401.xml", 1)) {
            call(uas, "uac-auth-wrong-password.xml", 1, 1, 0);
            assertTrue(uas.messages().contains("SIP/2.0 403 Forbidden"));
        }
    }

    @Test
    void credentialsComeFromSetVariables() {
        // The right digest for gwuser/gw-secret-42 is wrong for -set pass other-secret.
        try (Sipp uas = Sipp.uas("uas-auth-401.xml", 1, "-set", "user", "gwuser", "-set", "pass", "other-secret")) {
            call(uas, "uac-auth-call.xml", 1, 1, 1);
            assertTrue(uas.messages().contains("SIP/2.0 403 Forbidden"));
        }
    }

    @Test
    void proxyAuthenticateWithValidDigest() {
        try (Sipp uas = Sipp.uas("uas-auth-407.xml", 1)) {
            call(uas, "uac-auth-call.xml", 1, 0, 0);
            String log = uas.messages();
            assertTrue(log.contains("Proxy-Authenticate: Digest realm=\"sipp.test\""), log);
            assertTrue(log.contains("Proxy-Authorization: Digest username=\"gwuser\""), log);
            assertFalse(Pattern.compile("(?m)^Proxy-Authorization:.*qop=").matcher(log).find(), log);
        }
    }

    @Test
    void proxyAuthenticateWithWrongPasswordFailsTheUas() {
        try (Sipp uas = Sipp.uas("uas-auth-407.xml", 1)) {
            call(uas, "uac-auth-wrong-password.xml", 1, 1, 0);
            assertTrue(uas.messages().contains("SIP/2.0 403 Forbidden"));
        }
    }

    @Test
    void registerRefreshAndUnregister() {
        try (Sipp uas = Sipp.uas("registrar.xml", 1)) {
            call(uas, "uac-register.xml", 1, 0, 0);
            String log = uas.messages();
            assertEquals(6, count(log, "^REGISTER sip:"), log);
            assertEquals(2, count(log, "^SIP/2.0 401 Unauthorized"), log);
            assertEquals(4, count(log, "^SIP/2.0 200 OK"), log); // 2 x refresh, 1 x register, 1 x un-register
            assertTrue(log.contains("nc=00000002"), log);
            assertTrue(count(log, "^Expires: 0\\r?$") >= 2, log); // the un-REGISTER and its 200
        }
    }

    @Test
    void registrarRejectsWrongPassword() {
        try (Sipp uas = Sipp.uas("registrar.xml", 1)) {
            call(uas, "uac-register-wrong-password.xml", 1, 1, 0);
            assertTrue(uas.messages().contains("SIP/2.0 403 Forbidden"));
            // The failed registrar call sends nothing after the 403.
            assertEquals(4, count(uas.messages(), "^UDP message (sent|received)"), uas.messages());
        }
    }

    @Test
    void registrarCredentialsComeFromSetVariables() {
        try (Sipp uas = Sipp.uas("registrar.xml", 1, "-set", "user", "someone", "-set", "pass", "gw-secret-42")) {
            call(uas, "uac-register.xml", 1, 1, 1);
            assertTrue(uas.messages().contains("SIP/2.0 403 Forbidden"));
        }
    }

    @Test
    void rtpEchoIsOptIn() throws Exception {
        byte[] packet = "not really RTP".getBytes(StandardCharsets.US_ASCII);
        try (Sipp quiet = Sipp.uas("uas-answer-wait-bye.xml", 1);
                Sipp echo = Sipp.uas("uas-answer-wait-bye.xml", 1, Sipp.RTP_ECHO);
                DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            socket.setSoTimeout(500);
            DatagramPacket reply = new DatagramPacket(new byte[1500], 1500);

            socket.send(new DatagramPacket(packet, packet.length, InetAddress.getLoopbackAddress(), echo.mediaPort()));
            socket.receive(reply);
            assertEquals(new String(packet, StandardCharsets.US_ASCII),
                    new String(reply.getData(), 0, reply.getLength(), StandardCharsets.US_ASCII));

            socket.send(new DatagramPacket(packet, packet.length, InetAddress.getLoopbackAddress(), quiet.mediaPort()));
            assertThrows(SocketTimeoutException.class, () -> socket.receive(reply));
        }
    }

    @Test
    void tenConcurrentCalls() {
        try (Sipp uas = Sipp.uas("uas-answer-wait-bye.xml", 10)) {
            // 10 calls started at 50 calls/s, each held 500 ms: all ten overlap.
            call(uas, "uac-call-bye.xml", 10, 0, 0, "-r", "50", "-l", "10");
            String log = uas.messages();
            assertEquals(10, count(log, "^BYE sip:"), log);
            // All ten INVITEs arrived before the first BYE: ten calls were up at the same time.
            assertEquals(10, count(log.substring(0, log.indexOf("\nBYE sip:")), "^INVITE sip:"), log);
            assertTrue(uas.screen().contains("Successful call"), uas.screen());
        }
    }
}
