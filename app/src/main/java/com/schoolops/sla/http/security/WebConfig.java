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
 * file), {@code basic_auth_users} (user: bcrypt hash), and ours on top, {@code roles} (user: viewer, operator, admin
 * or customer; a user without one is a viewer) and {@code scopes} (user: {@code {sites: [...], contracts: [...]}}, the
 * part of the service it sees; a user without one sees everything its role allows; a customer must have one, an admin
 * may not). Every error names the file and the field.
 *
 * @param peerToken  what instances sharing this file send each other on the query API's fan-out: a digest of the file
 *                   (its users' hashes are secret), so a locked cluster still answers for the whole application
 * @param sessionKey what signs the console's session cookies: a digest of the file and of its TLS private key, so every
 *                   instance sharing them accepts a session made on any of them, a changed file (a user removed) ends
 *                   every session, and forging one takes the private key as well as the file
 */
public record WebConfig(Path file, Optional<Tls> tls, Map<String, String> users, Map<String, Role> roles, Map<String, Scope> scopes,
                        String peerToken, byte[] sessionKey) {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> KNOWN = Set.of("tls_server_config", "basic_auth_users", "roles", "scopes", "http_server_config");
    private static final Set<String> SCOPE_FIELDS = Set.of("sites", "contracts");

    /** The server's certificate chain and private key, PEM files. */
    public record Tls(Path certFile, Path keyFile) {
    }

    public Role role(String user) {
        return roles.getOrDefault(user, Role.VIEWER);
    }

    /** The part of the service the user sees: its {@code scopes} entry, or everything. */
    public Scope scope(String user) {
        return scopes.getOrDefault(user, Scope.EVERYTHING);
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
                throw new ConfigException(file + ": roles." + e.getKey() + ": '" + e.getValue().asText() + "' is not viewer, operator, admin or customer");
            }
        });
        Map<String, Scope> scopes = scopes(file, root.path("scopes"), users.keySet(), roles);
        return new WebConfig(file, tls, Map.copyOf(users), Map.copyOf(roles), Map.copyOf(scopes), digest("sla-peer", text),
                HexFormat.of().parseHex(digest("sla-session", text + "\0" + tls.map(WebConfig::keyText).orElse(""))));
    }

    /** {@code scopes}: per user, {@code sites} and/or {@code contracts}, lists of ids; a customer without one is refused. */
    private static Map<String, Scope> scopes(Path file, JsonNode node, Set<String> users, Map<String, Role> roles) {
        Map<String, Scope> scopes = new LinkedHashMap<>();
        if (!node.isMissingNode() && !node.isNull() && !node.isObject()) {
            throw new ConfigException(file + ": scopes: a map of user to {sites: [...], contracts: [...]}");
        }
        node.fields().forEachRemaining(e -> {
            String where = file + ": scopes." + e.getKey();
            if (!users.contains(e.getKey())) {
                throw new ConfigException(where + ": no such user in basic_auth_users");
            }
            if (roles.get(e.getKey()) == Role.ADMIN) {
                throw new ConfigException(where + ": an admin sees everything; give a user with a scope the operator, viewer or customer role");
            }
            JsonNode entry = e.getValue();
            if (!entry.isObject()) {
                throw new ConfigException(where + ": {sites: [...]} and/or {contracts: [...]}");
            }
            entry.fieldNames().forEachRemaining(f -> {
                if (!SCOPE_FIELDS.contains(f)) {
                    throw new ConfigException(where + "." + f + ": not a scope field (sites, contracts)");
                }
            });
            Set<String> sites = ids(where + ".sites", entry.path("sites"));
            Set<String> contracts = ids(where + ".contracts", entry.path("contracts"));
            if (sites.isEmpty() && contracts.isEmpty()) {
                throw new ConfigException(where + ": names no site and no contract (a user without an entry sees everything its role allows)");
            }
            scopes.put(e.getKey(), Scope.of(sites, contracts));
        });
        roles.forEach((user, role) -> {
            if (role == Role.CUSTOMER && !scopes.containsKey(user)) {
                throw new ConfigException(file + ": roles." + user + ": a customer needs an entry in scopes (its sites and/or contracts)");
            }
        });
        return scopes;
    }

    private static Set<String> ids(String where, JsonNode list) {
        if (list.isMissingNode() || list.isNull()) {
            return Set.of();
        }
        if (!list.isArray()) {
            throw new ConfigException(where + ": a list of ids, e.g. [school-3]");
        }
        Set<String> ids = new java.util.TreeSet<>();
        for (JsonNode id : list) {
            if (!id.isTextual() || id.asText().isBlank()) {
                throw new ConfigException(where + ": '" + id + "' is not an id");
            }
            ids.add(id.asText().trim());
        }
        return ids;
    }

    private static String keyText(Tls tls) {
        try {
            return Files.readString(tls.keyFile(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("http.web-config: tls_server_config.key_file: cannot read " + tls.keyFile() + ": " + e.getMessage());
        }
    }

    private static String text(Path file, JsonNode node, String field) {
        JsonNode v = node.get(field.substring(field.indexOf('.') + 1));
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new ConfigException(file + ": " + field + ": missing");
        }
        return v.asText();
    }

    private static String digest(String purpose, String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest((purpose + "\0" + text).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
