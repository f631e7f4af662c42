package com.schoolops.sla.http.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.schoolops.sla.config.ConfigException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The HTTP side's security, in the form of Prometheus exporter-toolkit's {@code web-config.yml}, so a Prometheus user
 * can reuse the file they have: {@code tls_server_config} ({@code cert_file}, {@code key_file}: PEM, relative to the
 * file), {@code basic_auth_users} (user: bcrypt hash), and ours on top, {@code roles} (user: viewer, operator or
 * admin; a user without one is a viewer). Every error names the file and the field.
 *
 * @param peerToken what instances sharing this file send each other on the query API's fan-out: a digest of the file
 *                  (its users' hashes are secret), so a locked cluster still answers for the whole application
 */
public record WebConfig(Path file, Optional<Tls> tls, Map<String, String> users, Map<String, Role> roles, String peerToken) {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> KNOWN = Set.of("tls_server_config", "basic_auth_users", "roles", "http_server_config");

    /** The server's certificate chain and private key, PEM files. */
    public record Tls(Path certFile, Path keyFile) {
    }

    public Role role(String user) {
        return roles.getOrDefault(user, Role.VIEWER);
    }

    public static WebConfig read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ConfigException("http.web-config: " + file + ": no such file");
        } catch (IOException e) {
            throw new ConfigException("http.web-config: " + file + ": cannot read it: " + e.getMessage());
        }
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (IOException e) {
            throw new ConfigException(file + ": not YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new ConfigException(file + ": empty: give tls_server_config and/or basic_auth_users");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!KNOWN.contains(field)) {
                throw new ConfigException(file + ": " + field + ": not a web-config field (one of " + KNOWN + ")");
            }
        }
        Path dir = file.toAbsolutePath().getParent();
        Optional<Tls> tls = Optional.empty();
        JsonNode t = root.path("tls_server_config");
        if (!t.isMissingNode()) {
            Path cert = dir.resolve(text(file, t, "tls_server_config.cert_file"));
            Path key = dir.resolve(text(file, t, "tls_server_config.key_file"));
            for (Path p : List.of(cert, key)) {
                if (!Files.isReadable(p)) {
                    throw new ConfigException(file + ": tls_server_config: cannot read " + p);
                }
            }
            tls = Optional.of(new Tls(cert, key));
        }
        Map<String, String> users = new LinkedHashMap<>();
        root.path("basic_auth_users").fields().forEachRemaining(e -> {
            String hash = e.getValue().asText();
            if (!hash.matches("\\$2[abxy]?\\$\\d\\d\\$[./A-Za-z0-9]{53}")) {
                throw new ConfigException(file + ": basic_auth_users." + e.getKey() + ": not a bcrypt hash (make one with: htpasswd -nBC 10 \"\" | tr -d ':\\n')");
            }
            users.put(e.getKey(), hash);
        });
        Map<String, Role> roles = new LinkedHashMap<>();
        root.path("roles").fields().forEachRemaining(e -> {
            if (!users.containsKey(e.getKey())) {
                throw new ConfigException(file + ": roles." + e.getKey() + ": no such user in basic_auth_users");
            }
            try {
                roles.put(e.getKey(), Role.parse(e.getValue().asText()));
            } catch (IllegalArgumentException ex) {
                throw new ConfigException(file + ": roles." + e.getKey() + ": '" + e.getValue().asText() + "' is not viewer, operator or admin");
            }
        });
        return new WebConfig(file, tls, Map.copyOf(users), Map.copyOf(roles), digest(text));
    }

    private static String text(Path file, JsonNode node, String field) {
        JsonNode v = node.get(field.substring(field.indexOf('.') + 1));
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new ConfigException(file + ": " + field + ": missing");
        }
        return v.asText();
    }

    private static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(("sla-peer\0" + text).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
