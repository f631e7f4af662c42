package com.schoolops.sla.testing;

import at.favre.lib.crypto.bcrypt.BCrypt;

import java.nio.file.Files;
import java.nio.file.Path;

/** A web-config.yml for the console tests: HTTPS with a certificate made here, vera a viewer (look), otto an operator (act). */
public final class TestWebConfig {
    private TestWebConfig() {
    }

    public static Path write(Path dir) throws Exception {
        TestCertificates.pem(dir);
        Path file = dir.resolve("web-config.yml");
        Files.writeString(file, """
                tls_server_config:
                  cert_file: server.crt
                  key_file: server.key
                basic_auth_users:
                  vera: %s
                  otto: %s
                roles:
                  otto: operator
                """.formatted(BCrypt.withDefaults().hashToString(4, "look".toCharArray()), BCrypt.withDefaults().hashToString(4, "act".toCharArray())));
        return file;
    }
}
