package org.sipgateway.support;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client on a plain TCP socket that sends byte-exact, hand-built frames: invalid
 * UTF-8, RSV bits, fragments, anything the JDK client refuses to send. Single-threaded; reads
 * block up to the given wait.
 */
public final class RawWsClient implements AutoCloseable {

    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CONTINUATION = 0x0;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;

    /** One frame from the server; {@code closeCode} is set for close frames (-1 if none given). */
    public record Frame(boolean fin, int opcode, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : -1;
        }

        public String closeReason() {
            return payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
        }
    }

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;

    private RawWsClient(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new DataInputStream(socket.getInputStream());
    }

    /** A TCP connection with no handshake sent yet. */
    public static RawWsClient open(int port) throws IOException {
        return open(port, 0);
    }

    /** As {@link #open(int)} with a kernel receive buffer of {@code receiveBufferBytes} (0: the default), set before connecting. */
    public static RawWsClient open(int port, int receiveBufferBytes) throws IOException {
        Socket socket = new Socket();
        if (receiveBufferBytes > 0) {
            socket.setReceiveBufferSize(receiveBufferBytes);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setTcpNoDelay(true);
        return new RawWsClient(socket);
    }

    /** Connects and completes the upgrade offering {@code sip-audio-protocol}. */
    public static RawWsClient connect(int port) throws IOException {
        return connect(port, 0);
    }

    /** Connects as {@link #connect(int)} with a small receive buffer: a client that stops reading stalls at once. */
    public static RawWsClient connect(int port, int receiveBufferBytes) throws IOException {
        RawWsClient client = open(port, receiveBufferBytes);
        client.out.write(handshake(port));
        client.out.flush();
        String response = client.readHttpHead(Duration.ofSeconds(10));
        if (!response.startsWith("HTTP/1.1 101")) {
            client.close();
            throw new IOException("upgrade refused: " + response);
        }
        return client;
    }

    public static byte[] handshake(int port) {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        return ("GET / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: sip-audio-protocol\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    public void writeRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The response head up to the blank line. */
    public String readHttpHead(Duration wait) throws IOException {
        socket.setSoTimeout((int) wait.toMillis());
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed during the handshake: " + head);
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** A client frame, masked as RFC 6455 §5.3 requires; {@code rsv} is the three RSV bits (0-7). */
    public static byte[] frame(boolean fin, int rsv, int opcode, byte[] payload) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write((fin ? 0x80 : 0) | (rsv & 7) << 4 | opcode & 0x0f);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xff);
        } else {
            frame.write(0x80 | 127);
            long length = payload.length;
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) (length >>> shift) & 0xff);
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.write(mask, 0, 4);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i & 3]);
        }
        return frame.toByteArray();
    }

    public void send(boolean fin, int rsv, int opcode, byte[] payload) throws IOException {
        writeRaw(frame(fin, rsv, opcode, payload));
    }

    public void sendText(String text) throws IOException {
        send(true, 0, TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** The next frame, or null if the server closed the TCP connection first; throws SocketTimeoutException after {@code wait}. */
    public Frame readFrame(Duration wait) throws IOException {
        socket.setSoTimeout((int) wait.toMillis());
        int first;
        try {
            first = in.read();
        } catch (SocketTimeoutException timeout) {
            throw timeout;
        } catch (IOException reset) {
            return null;
        }
        if (first < 0) {
            return null;
        }
        int second = in.readUnsignedByte();
        long length = second & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        return new Frame((first & 0x80) != 0, first & 0x0f, payload);
    }

    /**
     * Reads until a close frame, skipping data frames; null if the TCP connection ended without
     * one. Throws {@link SocketTimeoutException} if nothing closes within {@code wait}.
     */
    public Frame awaitClose(Duration wait) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            Frame frame = readFrame(Duration.ofMillis(left));
            if (frame == null || frame.opcode() == CLOSE) {
                return frame;
            }
        }
    }

    /** True once the server has closed the TCP connection (end of stream or reset) within {@code wait}. */
    public boolean awaitTcpClosed(Duration wait) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        InputStream raw = in;
        while (System.nanoTime() < deadline) {
            socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            try {
                if (raw.read() < 0) {
                    return true;
                }
            } catch (SocketTimeoutException timeout) {
                return false;
            } catch (IOException reset) {
                return true;
            }
        }
        return false;
    }

    public Socket socket() {
        return socket;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
    }
}
