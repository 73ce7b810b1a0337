package org.sipgateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away certificate authority and a server certificate it signed, made with the openssl
 * command at test time (no key material lives in the repository).
 */
public final class TestCertificates {

    private final Path caCert;
    private final Path serverCert;
    private final Path serverKey;

    private TestCertificates(Path caCert, Path serverCert, Path serverKey) {
        this.caCert = caCert;
        this.serverCert = serverCert;
        this.serverKey = serverKey;
    }

    /**
     * A CA named {@code caName} in {@code dir} and a server certificate whose subject alternative
     * names are {@code san} in openssl syntax ("IP:127.0.0.1,DNS:localhost").
     */
    public static TestCertificates create(Path dir, String caName, String san) {
        try {
            Files.createDirectories(dir);
            Path caKey = dir.resolve(caName + "-ca.key");
            Path caCert = dir.resolve(caName + "-ca.pem");
            Path key = dir.resolve(caName + "-server.key");
            Path csr = dir.resolve(caName + "-server.csr");
            Path cert = dir.resolve(caName + "-server.pem");
            Path ext = dir.resolve(caName + "-server.ext");
            Files.writeString(ext, "subjectAltName=" + san + "\nbasicConstraints=CA:FALSE\n"
                    + "keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n");
            openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", caKey.toString(), "-out", caCert.toString(),
                    "-days", "2", "-subj", "/CN=" + caName + " test CA");
            openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out", csr.toString(),
                    "-subj", "/CN=sip test server");
            openssl(dir, "x509", "-req", "-in", csr.toString(), "-CA", caCert.toString(), "-CAkey", caKey.toString(),
                    "-CAcreateserial", "-out", cert.toString(), "-days", "2", "-extfile", ext.toString());
            return new TestCertificates(caCert, cert, key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path caCert() {
        return caCert;
    }

    public Path serverCert() {
        return serverCert;
    }

    public Path serverKey() {
        return serverKey;
    }

    /** A client context that trusts this CA only (for wss:// tests). */
    public javax.net.ssl.SSLContext clientContext() {
        try (java.io.InputStream in = Files.newInputStream(caCert)) {
            java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
            javax.net.ssl.TrustManagerFactory factory =
                    javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException("cannot trust " + caCert, e);
        }
    }

    private static void openssl(Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        Path log = dir.resolve("openssl.log");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException("openssl " + String.join(" ", args) + " failed (apt-get install -y openssl):\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running openssl", e);
        }
    }
}
