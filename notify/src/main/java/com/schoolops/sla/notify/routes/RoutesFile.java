package com.schoolops.sla.notify.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.SlaClock;
import com.schoolops.sla.config.ConfigException;
import com.schoolops.sla.config.Durations;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and checks a routes file (README, Notifications). Everything wrong is one {@link ConfigException} naming the
 * place ({@code routes[2].match.tier: ...}), at start, never a surprise at the first escalation: unknown keys (a typo would
 * silently route nothing), unknown receivers, types or clocks, a last route that is not a catch-all. {@code ${NAME}}
 * in a string is the environment variable NAME, so that secrets stay out of the file.
 */
public final class RoutesFile {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern ENV = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Set<String> TOP = Set.of("defaults", "receivers", "routes");
    private static final Set<String> DEFAULTS = Set.of("group_wait", "group_interval", "repeat_interval", "repeat_clocks", "language", "zone");
    private static final Set<String> ROUTE = Set.of("name", "match", "receivers", "group_by", "group_wait", "group_interval", "repeat_interval",
            "repeat_clocks", "quiet_hours", "continue");
    /** What a digest route does not take: its digest is not repeated up the tiers nor held by quiet hours (the sites' pages are). */
    private static final Set<String> NOT_ON_A_DIGEST = Set.of("repeat_interval", "repeat_clocks", "quiet_hours");
    private static final Set<String> MATCH = Set.of("type", "tier", "contract", "site", "severity", "clock");
    private static final Set<String> RECEIVER = Set.of("name", "webhook", "wecom", "dingtalk", "feishu", "email", "language", "zone", "title", "text",
            "rate_limit");
    private static final Set<String> HTTP = Set.of("url", "headers", "secret");
    private static final Set<String> MAIL = Set.of("host", "port", "starttls", "ssl", "username", "password", "from", "to");

    private final Map<String, String> env;

    private RoutesFile(Map<String, String> env) {
        this.env = env;
    }

    public static Routes load(Path file) {
        return load(file, System.getenv());
    }

    public static Routes load(Path file, Map<String, String> env) {
        try {
            return parse(Files.readString(file), env);
        } catch (IOException e) {
            throw new ConfigException("routes file " + file + ": cannot read it (" + e.getMessage() + ")");
        } catch (ConfigException e) {
            throw new ConfigException("routes file " + file + ": " + e.getMessage());
        }
    }

    public static Routes parse(String yaml, Map<String, String> env) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (IOException e) {
            throw new ConfigException("not YAML: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new ConfigException("expected a map with receivers and routes");
        }
        return new RoutesFile(env).routes(root);
    }

    private Routes routes(JsonNode root) {
        known(root, TOP, "");
        JsonNode defaults = root.path("defaults");
        known(defaults, DEFAULTS, "defaults");
        Duration groupWait = duration(defaults, "group_wait", "defaults", Duration.ofSeconds(30));
        Duration groupInterval = positive(defaults, "group_interval", "defaults", Duration.ofMinutes(5)); // Alertmanager's default
        Duration repeat = duration(defaults, "repeat_interval", "defaults", Duration.ofMinutes(15));
        Set<String> repeatClocks = clocks(defaults, "repeat_clocks", "defaults", Route.DEFAULT_REPEAT_CLOCKS);
        ReceiverSpec.Language language = language(defaults, "defaults", ReceiverSpec.Language.ZH);
        ZoneId zone = zone(defaults, "defaults", ZoneId.systemDefault());

        Map<String, ReceiverSpec> receivers = new LinkedHashMap<>();
        List<JsonNode> receiverNodes = list(root, "receivers", "");
        for (int i = 0; i < receiverNodes.size(); i++) {
            ReceiverSpec r = receiver(receiverNodes.get(i), "receivers[" + i + "]", language, zone);
            if (receivers.put(r.name(), r) != null) {
                throw new ConfigException("receivers[" + i + "]: a second receiver named '" + r.name() + "'");
            }
        }
        List<Route> routes = new ArrayList<>();
        List<JsonNode> routeNodes = list(root, "routes", "");
        if (routeNodes.isEmpty()) {
            throw new ConfigException("routes: at least one route, the last a catch-all (no match)");
        }
        for (int i = 0; i < routeNodes.size(); i++) {
            routes.add(route(routeNodes.get(i), "routes[" + i + "]", receivers.keySet(), groupWait, groupInterval, repeat, repeatClocks));
        }
        Set<String> digestNames = new java.util.HashSet<>();
        for (int i = 0; i < routes.size(); i++) {
            Route r = routes.get(i);
            if (r.digests() && !digestNames.add(r.name())) {
                throw new ConfigException("routes[" + i + "] (" + r.name() + "): a second digest route of this name (its digests are kept under it)");
            }
        }
        Route last = routes.get(routes.size() - 1);
        if (!last.match().isCatchAll()) {
            throw new ConfigException("routes[" + (routes.size() - 1) + "] (" + last.name() + "): the last route must be a catch-all (no match), so that no escalation goes unrouted");
        }
        return new Routes(receivers, List.copyOf(routes));
    }

    private Route route(JsonNode node, String at, Set<String> receiverNames, Duration groupWait, Duration groupInterval, Duration repeat,
                        Set<String> repeatClocks) {
        known(node, ROUTE, at);
        String name = node.hasNonNull("name") ? text(node, "name", at) : at;
        JsonNode m = node.path("match");
        known(m, MATCH, at + ".match");
        RouteMatch match = new RouteMatch(
                values(m, "type", at + ".match", v -> enumName(EscalationType.class, v)),
                values(m, "tier", at + ".match", RoutesFile::tier),
                values(m, "contract", at + ".match", Function.identity()),
                values(m, "site", at + ".match", Function.identity()),
                values(m, "severity", at + ".match", Function.identity()),
                clocks(m, "clock", at + ".match", Set.of()));
        List<String> receivers = new ArrayList<>(values(node, "receivers", at, Function.identity()));
        for (String r : receivers) {
            if (!receiverNames.contains(r)) {
                throw new ConfigException(at + ".receivers: no receiver named '" + r + "' (receivers: " + String.join(", ", receiverNames) + ")");
            }
        }
        Optional<QuietHours> quiet = Optional.empty();
        if (node.hasNonNull("quiet_hours")) {
            JsonNode q = node.get("quiet_hours");
            known(q, Set.of("from", "to", "zone"), at + ".quiet_hours");
            try {
                quiet = Optional.of(new QuietHours(LocalTime.parse(text(q, "from", at + ".quiet_hours")),
                        LocalTime.parse(text(q, "to", at + ".quiet_hours")), ZoneId.of(text(q, "zone", at + ".quiet_hours"))));
            } catch (RuntimeException e) {
                throw new ConfigException(at + ".quiet_hours: " + e.getMessage() + " (write from: \"22:00\", to: \"07:00\", zone: Asia/Shanghai)");
            }
        }
        GroupBy groupBy = groupBy(node, at);
        boolean continues = node.path("continue").asBoolean(false);
        if (node.has("continue") && !node.get("continue").isBoolean()) {
            throw new ConfigException(at + ".continue: true or false");
        }
        if (groupBy.acrossSites()) {
            checkDigest(node, at, match);
        } else if (continues) {
            throw new ConfigException(at + ".continue: only a route that groups across sites (group_by without site) may continue; "
                    + "a site's page has one route");
        }
        return new Route(name, match, List.copyOf(receivers), duration(node, "group_wait", at, groupWait),
                duration(node, "repeat_interval", at, repeat), clocks(node, "repeat_clocks", at, repeatClocks), quiet, groupBy,
                positive(node, "group_interval", at, groupInterval), continues);
    }

    private static GroupBy groupBy(JsonNode node, String at) {
        if (!node.has("group_by")) {
            return GroupBy.SITE;
        }
        Set<GroupBy.Label> labels = values(node, "group_by", at, GroupBy::label);
        return new GroupBy(Set.copyOf(labels));
    }

    /**
     * A digest counts schools down and back: it takes site outages only (the one escalation whose end notify hears of,
     * per school), under a name of its own, and neither repeats up the tiers nor waits for quiet hours.
     */
    private static void checkDigest(JsonNode node, String at, RouteMatch match) {
        if (!match.types().equals(Set.of("SITE_OUTAGE"))) {
            throw new ConfigException(at + ": a route that groups across sites (group_by without site) takes site outages only: "
                    + "match: {type: SITE_OUTAGE}");
        }
        if (!node.hasNonNull("name")) {
            throw new ConfigException(at + ": a route that groups across sites needs a name (its digests are kept under it)");
        }
        for (String key : NOT_ON_A_DIGEST) {
            if (node.has(key)) {
                throw new ConfigException(at + "." + key + ": not on a route that groups across sites: its digest is neither repeated "
                        + "up the tiers nor held by quiet hours (each school's page is)");
            }
        }
    }

    private ReceiverSpec receiver(JsonNode node, String index, ReceiverSpec.Language defaultLanguage, ZoneId defaultZone) {
        known(node, RECEIVER, index);
        String name = text(node, "name", index);
        String at = index + " (" + name + ")";
        List<ReceiverSpec.Kind> kinds = Arrays.stream(ReceiverSpec.Kind.values())
                .filter(k -> node.has(k.name().toLowerCase(Locale.ROOT))).toList();
        if (kinds.size() != 1) {
            throw new ConfigException(at + ": exactly one of webhook, wecom, dingtalk, feishu, email");
        }
        ReceiverSpec.Kind kind = kinds.get(0);
        String key = kind.name().toLowerCase(Locale.ROOT);
        JsonNode body = node.get(key);
        ReceiverSpec.Language language = language(node, at, defaultLanguage);
        ZoneId zone = zone(node, at, defaultZone);
        Optional<String> title = optionalText(node, "title", at);
        Optional<String> text = optionalText(node, "text", at);
        List<RateLimit> rateLimits = node.has("rate_limit")
                ? List.copyOf(values(node, "rate_limit", at, RateLimit::parse)) : RateLimit.documented(kind);
        if (kind == ReceiverSpec.Kind.EMAIL) {
            known(body, MAIL, at + ".email");
            String place = at + ".email";
            ReceiverSpec.Mail mail = new ReceiverSpec.Mail(text(body, "host", place), body.path("port").asInt(587),
                    body.path("starttls").asBoolean(true), body.path("ssl").asBoolean(false),
                    optionalText(body, "username", place), optionalText(body, "password", place), text(body, "from", place),
                    List.copyOf(values(body, "to", place, Function.identity())));
            if (mail.to().isEmpty()) {
                throw new ConfigException(place + ".to: at least one address");
            }
            return new ReceiverSpec(name, kind, "smtp://" + mail.host() + ":" + mail.port(), Map.of(), Optional.empty(),
                    Optional.of(mail), language, zone, title, text, rateLimits);
        }
        known(body, HTTP, at + "." + key);
        String url = text(body, "url", at + "." + key);
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new ConfigException(at + "." + key + ".url: '" + url + "' is not an http(s) URL");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        body.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), expand(h.getValue().asText(), at + ".headers")));
        return new ReceiverSpec(name, kind, url, Map.copyOf(headers), optionalText(body, "secret", at + "." + key),
                Optional.empty(), language, zone, title, text, rateLimits);
    }

    private String expand(String value, String at) {
        Matcher m = ENV.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = env.get(m.group(1));
            if (v == null) {
                throw new ConfigException(at + ": the environment has no " + m.group(1));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        return m.appendTail(out).toString();
    }

    private static void known(JsonNode node, Set<String> keys, String at) {
        if (node.isMissingNode() || node.isNull()) {
            return;
        }
        if (!node.isObject()) {
            throw new ConfigException((at.isEmpty() ? "" : at + ": ") + "expected a map");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!keys.contains(k)) {
                throw new ConfigException((at.isEmpty() ? "" : at + ": ") + "unknown key '" + k + "' (known: " + String.join(", ", new java.util.TreeSet<>(keys)) + ")");
            }
        }
    }

    private static List<JsonNode> list(JsonNode node, String key, String at) {
        JsonNode v = node.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw new ConfigException((at.isEmpty() ? "" : at + ".") + key + ": expected a list");
        }
        List<JsonNode> out = new ArrayList<>();
        v.forEach(out::add);
        return out;
    }

    private String text(JsonNode node, String key, String at) {
        return optionalText(node, key, at).orElseThrow(() -> new ConfigException(at + ": " + key + " is required"));
    }

    private Optional<String> optionalText(JsonNode node, String key, String at) {
        JsonNode v = node.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isValueNode() || v.asText().isBlank()) {
            throw new ConfigException(at + "." + key + ": expected a text");
        }
        return Optional.of(expand(v.asText(), at + "." + key));
    }

    private static <T> Set<T> values(JsonNode node, String key, String at, Function<String, T> read) {
        JsonNode v = node.path(key);
        Set<T> out = new LinkedHashSet<>();
        if (v.isMissingNode() || v.isNull()) {
            return out;
        }
        List<JsonNode> items = new ArrayList<>();
        if (v.isArray()) {
            v.forEach(items::add);
        } else {
            items.add(v);
        }
        for (JsonNode item : items) {
            try {
                out.add(read.apply(item.asText()));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(at + "." + key + ": " + e.getMessage());
            }
        }
        return out;
    }

    /** A list of clock names (checked), or {@code otherwise} when the key is absent. */
    private static Set<String> clocks(JsonNode node, String key, String at, Set<String> otherwise) {
        return node.has(key) ? Set.copyOf(values(node, key, at, v -> enumName(SlaClock.class, v))) : otherwise;
    }

    private static Duration positive(JsonNode node, String key, String at, Duration otherwise) {
        Duration d = duration(node, key, at, otherwise);
        if (d.isZero() || d.isNegative()) {
            throw new ConfigException(at + "." + key + ": more than zero");
        }
        return d;
    }

    private static Duration duration(JsonNode node, String key, String at, Duration otherwise) {
        JsonNode v = node.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return otherwise;
        }
        try {
            return Durations.parse(v.asText());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(at + "." + key + ": " + e.getMessage());
        }
    }

    private static ReceiverSpec.Language language(JsonNode node, String at, ReceiverSpec.Language otherwise) {
        JsonNode v = node.path("language");
        if (v.isMissingNode() || v.isNull()) {
            return otherwise;
        }
        try {
            return ReceiverSpec.Language.valueOf(v.asText().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(at + ".language: '" + v.asText() + "' is neither zh nor en");
        }
    }

    private static ZoneId zone(JsonNode node, String at, ZoneId otherwise) {
        JsonNode v = node.path("zone");
        if (v.isMissingNode() || v.isNull()) {
            return otherwise;
        }
        try {
            return ZoneId.of(v.asText());
        } catch (RuntimeException e) {
            throw new ConfigException(at + ".zone: '" + v.asText() + "' is not a time zone (e.g. Asia/Shanghai)");
        }
    }

    private static String enumName(Class<? extends Enum<?>> type, String value) {
        for (Enum<?> c : type.getEnumConstants()) {
            if (c.name().equals(value)) {
                return value;
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not one of " + Arrays.toString(type.getEnumConstants()));
    }

    private static Integer tier(String value) {
        try {
            int t = Integer.parseInt(value);
            if (t >= 1 && t <= 3) {
                return t;
            }
        } catch (NumberFormatException ignored) {
            // said below
        }
        throw new IllegalArgumentException("'" + value + "' is not a tier (1, 2 or 3)");
    }
}
