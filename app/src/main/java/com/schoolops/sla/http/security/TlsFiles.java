package com.schoolops.sla.http.security;

import com.schoolops.sla.config.ConfigException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/**
 * The PEM files of {@code tls_server_config} as Java wants them: a key store for the server, and, for the query API's
 * calls to the other instances, a trust store of the JVM's authorities plus this certificate chain (instances that
 * share a self-signed certificate then trust each other). The key is PKCS#8 ({@code BEGIN PRIVATE KEY}), what
 * {@code openssl req -newkey} writes.
 */
public final class TlsFiles {
    static final char[] PASSWORD = "sla-in-memory".toCharArray();

    private TlsFiles() {
    }

    public static KeyStore keyStore(WebConfig.Tls tls) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", privateKey(tls.keyFile()), PASSWORD, chain(tls.certFile()).toArray(Certificate[]::new));
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigException("http.web-config: tls_server_config: " + e.getMessage());
        }
    }

    public static char[] password() {
        return PASSWORD.clone();
    }

    /** What the query API's client trusts: the JVM's authorities and this server's own chain. */
    public static SSLContext peerContext(WebConfig.Tls tls) {
        try {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            try (InputStream in = Files.newInputStream(Path.of(System.getProperty("java.home"), "lib", "security", "cacerts"))) {
                trust.load(in, "changeit".toCharArray());
            } catch (IOException e) {
                trust.load(null, null);
            }
            int i = 0;
            for (Certificate c : chain(tls.certFile())) {
                trust.setCertificateEntry("sla-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigException("http.web-config: tls_server_config: " + e.getMessage());
        }
    }

    private static List<? extends Certificate> chain(Path file) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            List<? extends Certificate> certs = List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
            if (certs.isEmpty()) {
                throw new ConfigException("http.web-config: tls_server_config.cert_file: " + file + " holds no certificate");
            }
            return certs;
        }
    }

    private static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
        String pem = Files.readString(file);
        if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new ConfigException("http.web-config: tls_server_config.key_file: " + file + " is not a PKCS#8 PEM key (BEGIN PRIVATE KEY); "
                    + "convert it with: openssl pkcs8 -topk8 -nocrypt -in " + file.getFileName() + " -out key.pem");
        }
        String body = pem.substring(pem.indexOf("-----BEGIN PRIVATE KEY-----") + 27, pem.indexOf("-----END PRIVATE KEY-----")).replaceAll("\\s", "");
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body));
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // try the next kind of key
            }
        }
        throw new ConfigException("http.web-config: tls_server_config.key_file: " + file + ": not an RSA, EC or Ed25519 key");
    }

}
