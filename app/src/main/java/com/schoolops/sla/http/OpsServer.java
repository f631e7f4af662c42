package com.schoolops.sla.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.KpiGranularity;
import com.schoolops.sla.avro.KpiScope;
import com.schoolops.sla.avro.SlaKpi;
import com.schoolops.sla.config.ConfigException;
import com.schoolops.sla.config.Durations;
import com.schoolops.sla.avro.ContractHistory;
import com.schoolops.sla.avro.ContractVersion;
import com.schoolops.sla.query.ApiJson;
import com.schoolops.sla.query.ClusterQueries;
import com.schoolops.sla.query.OutputFeed;
import com.schoolops.sla.query.SitePage;
import com.schoolops.sla.query.Views;
import com.schoolops.sla.serde.JsonRecords;
import com.schoolops.sla.tickets.TicketReadSide.ClockReading;
import com.schoolops.sla.tickets.TicketReadSide.TicketView;
import com.schoolops.sla.http.actions.OperatorActions;
import com.schoolops.sla.http.security.Access;
import com.schoolops.sla.http.security.InScope;
import com.schoolops.sla.http.security.Role;
import com.schoolops.sla.http.security.RouteRules;
import com.schoolops.sla.http.security.Scope;
import com.schoolops.sla.http.security.ScopeLookups;
import com.schoolops.sla.http.security.Sessions;
import com.schoolops.sla.http.security.SignIn;
import com.schoolops.sla.report.SiteReports;
import com.schoolops.sla.http.security.TlsFiles;
import com.schoolops.sla.http.security.WebConfig;
import io.javalin.Javalin;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.http.staticfiles.Location;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The HTTP side of an instance, on Javalin (Jetty): the probes, {@code /metrics}, the query API of the whole
 * application under {@code /api} (and each instance's own part under {@code /api/local}), the live escalation feed
 * (server-sent events), the console page at {@code /} with uPlot from its WebJar and its texts at
 * {@link ConsoleTexts#PATH}, and, with the in-memory registry,
 * the Schema Registry REST API. Every route is here, in one place; what each needs, and how a user's scope is checked
 * on it, is declared in {@link RouteRules} and checked by {@link Access} before any handler runs. The lists keep only
 * what the request's scope ({@link InScope}) may see.
 */
public final class OpsServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OpsServer.class);
    private static final String JSON = "application/json";

    /** The zone the console writes times in ({@code http.zone}). */
    private final java.time.ZoneId zone;
    private final Javalin server;
    private final Supplier<KafkaStreams.State> state;
    private final Supplier<Optional<String>> inputWaitsFor;
    private final ClusterQueries queries;
    private final OutputFeed feed;
    private final OpsMetrics metrics;
    private final InstantSource clock;
    private final java.util.concurrent.Semaphore streams;
    private final Optional<SiteReports> reports;
    private final java.util.Set<SseClient> openStreams = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Writes a comment to every live stream: a client that has gone is only noticed on a write (and proxies keep it open). */
    private final java.util.concurrent.ScheduledExecutorService heartbeat = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sse-heartbeat");
        t.setDaemon(true);
        return t;
    });

    /** What the server answers from. {@code registry} is empty unless the registry is the in-memory one. */
    public record Parts(Supplier<KafkaStreams.State> state, Supplier<Optional<String>> inputWaitsFor, ClusterQueries queries,
                        OutputFeed feed, OpsMetrics metrics, Optional<RegistryApi> registry, InstantSource clock,
                        Optional<WebConfig> security, boolean openProbes, Optional<OperatorActions> actions, int maxStreams,
                        java.time.ZoneId zone, Optional<SiteReports> reports, Sessions.Times sessions) {
        /** Without the reports' downloads, with these session times. */
        public Parts(Supplier<KafkaStreams.State> state, Supplier<Optional<String>> inputWaitsFor, ClusterQueries queries,
                     OutputFeed feed, OpsMetrics metrics, Optional<RegistryApi> registry, InstantSource clock,
                     Optional<WebConfig> security, boolean openProbes, Optional<OperatorActions> actions, int maxStreams,
                     java.time.ZoneId zone, Sessions.Times sessions) {
            this(state, inputWaitsFor, queries, feed, metrics, registry, clock, security, openProbes, actions, maxStreams, zone, Optional.empty(), sessions);
        }

        /** With the reports' downloads and the default session times. */
        public Parts(Supplier<KafkaStreams.State> state, Supplier<Optional<String>> inputWaitsFor, ClusterQueries queries,
                     OutputFeed feed, OpsMetrics metrics, Optional<RegistryApi> registry, InstantSource clock,
                     Optional<WebConfig> security, boolean openProbes, Optional<OperatorActions> actions, int maxStreams,
                     java.time.ZoneId zone, Optional<SiteReports> reports) {
            this(state, inputWaitsFor, queries, feed, metrics, registry, clock, security, openProbes, actions, maxStreams, zone, reports, defaultSessions());
        }

        /** In the default zone of {@code http.zone}, with the default session times. */
        public Parts(Supplier<KafkaStreams.State> state, Supplier<Optional<String>> inputWaitsFor, ClusterQueries queries,
                     OutputFeed feed, OpsMetrics metrics, Optional<RegistryApi> registry, InstantSource clock,
                     Optional<WebConfig> security, boolean openProbes, Optional<OperatorActions> actions, int maxStreams) {
            this(state, inputWaitsFor, queries, feed, metrics, registry, clock, security, openProbes, actions, maxStreams,
                    java.time.ZoneId.of(HttpSettings.CATALOGUE.find(HttpSettings.HTTP_ZONE).orElseThrow().defaultValue()), Optional.empty(), defaultSessions());
        }

        /** With the default session times. */
        public Parts(Supplier<KafkaStreams.State> state, Supplier<Optional<String>> inputWaitsFor, ClusterQueries queries,
                     OutputFeed feed, OpsMetrics metrics, Optional<RegistryApi> registry, InstantSource clock,
                     Optional<WebConfig> security, boolean openProbes, Optional<OperatorActions> actions, int maxStreams, java.time.ZoneId zone) {
            this(state, inputWaitsFor, queries, feed, metrics, registry, clock, security, openProbes, actions, maxStreams, zone, Optional.empty(), defaultSessions());
        }

        public static Sessions.Times defaultSessions() {
            return new Sessions.Times(Durations.parse(HttpSettings.CATALOGUE.find(HttpSettings.HTTP_SESSION_IDLE).orElseThrow().defaultValue()),
                    Durations.parse(HttpSettings.CATALOGUE.find(HttpSettings.HTTP_SESSION_LIFETIME).orElseThrow().defaultValue()));
        }
    }

    public OpsServer(int port, Parts parts) {
        this.state = parts.state();
        this.inputWaitsFor = parts.inputWaitsFor();
        this.queries = parts.queries();
        this.feed = parts.feed();
        this.metrics = parts.metrics();
        this.clock = parts.clock();
        this.zone = parts.zone();
        this.streams = new java.util.concurrent.Semaphore(parts.maxStreams());
        heartbeat.scheduleAtFixedRate(this::beat, 5, 5, java.util.concurrent.TimeUnit.SECONDS);
        this.reports = parts.reports();
        this.server = create(port, parts.registry(), parts.security(), parts.openProbes(), parts.actions(), parts.sessions());
    }

    private Javalin create(int port, Optional<RegistryApi> registryApi, Optional<WebConfig> security, boolean openProbes,
                           Optional<OperatorActions> actions, Sessions.Times sessionTimes) {
        Javalin javalin = Javalin.create(config -> {
            security.flatMap(WebConfig::tls).ifPresent(tls -> config.jetty.addConnector((server, http) -> httpsConnector(server, http, tls, port)));
            config.startup.showJavalinBanner = false;
            config.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/console";
                files.location = Location.CLASSPATH;
            });
            config.staticFiles.enableWebjars();
            var r = config.routes;
            Access.Refusals refusals = (ctx, user, action, target, why) -> actions.ifPresent(a -> a.refused(ctx, user, action, target, why));
            ScopeLookups lookups = queries == null ? ScopeLookups.NONE : new SiteLookups(queries, clock);
            Access access = new Access(security, RouteRules.of(openProbes), refusals, clock, sessionTimes, lookups);
            r.before(access::authenticate); // every path, static files too
            r.beforeMatched(access::authorize); // every route: its rule, the role, the scope
            security.ifPresent(web -> new SignIn(access, sessionTimes).routes(r));
            actions.ifPresent(a -> a.routes(r));
            r.get("/api/me", ctx -> json(ctx, me(ctx, security.isPresent(), zone)));
            r.get(ConsoleTexts.PATH, ConsoleTexts::serve); // the page's words, as its static files
            r.get("/health/live", ctx -> probe(ctx, live()));
            r.get("/health/ready", ctx -> probe(ctx, ready()));
            r.get("/health", ctx -> probe(ctx, ready()));
            r.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));

            r.get("/api/sites", ctx -> json(ctx, queries.sites(scoped(ctx, SitePage.from(ctx::queryParam)))));
            r.get("/api/sites/{site}", ctx -> found(ctx, queries.site(ctx.pathParam("site")), "site"));
            r.get("/api/sites/{site}/obligations", ctx -> found(ctx, queries.siteObligations(ctx.pathParam("site")), "site"));
            r.get("/api/sites/{site}/events", ctx -> found(ctx, queries.siteEvents(ctx.pathParam("site")), "site"));
            r.get("/api/sites/{site}/reports/inspection", this::inspectionReport);
            r.get("/api/sites/{site}/reports/review", this::reviewReport);
            r.get("/api/devices/{device}", ctx -> found(ctx, queries.device(ctx.pathParam("device")), "device"));
            r.get("/api/tickets", ctx -> json(ctx, filtered(queries.openTickets(), ticketFilter(ctx).and(t -> InScope.of(ctx).record(t.siteId(), t.contractId())))));
            r.get("/api/at-risk", this::atRisk);
            r.get("/api/escalations", this::escalations);
            r.beforeMatched("/api/escalations/stream", this::admitStream); // after the access check: a refused stream takes no place
            r.sse("/api/escalations/stream", this::stream);
            r.get("/api/kpis", this::kpis);
            r.get("/api/audit", this::audit);
            r.get("/api/notifications", this::notifications);
            r.get("/api/contracts", ctx -> json(ctx, Map.of("contracts", contracts(InScope.of(ctx))))); // an object, as every list
            r.get("/api/contracts/{id}/versions", ctx -> nullable(ctx, versions(ctx.pathParam("id"))));
            r.get("/api/calendars", ctx -> json(ctx, calendars(InScope.of(ctx))));

            String local = ClusterQueries.LOCAL;
            r.get(local + "/sites", ctx -> json(ctx, queries.local().sites(SitePage.from(ctx::queryParam).within(SitePage.Within.from(ctx::queryParams)))));
            r.get(local + "/sites/{site}", ctx -> nullable(ctx, queries.local().site(ctx.pathParam("site"))));
            r.get(local + "/sites/{site}/obligations", ctx -> nullable(ctx, queries.local().siteObligations(ctx.pathParam("site"))));
            r.get(local + "/sites/{site}/events", ctx -> nullable(ctx, queries.local().siteEvents(ctx.pathParam("site"))));
            r.get(local + "/sites/{site}/registration", ctx -> nullable(ctx, queries.local().siteRegistration(ctx.pathParam("site"))));
            r.get(local + "/sites/{site}/devices/{device}", ctx -> nullable(ctx, queries.local().device(ctx.pathParam("site"),
                    ctx.pathParam("device"))));
            r.get(local + "/devices/{device}/site", ctx -> nullable(ctx, queries.local().siteOfDevice(ctx.pathParam("device"))));
            r.get(local + "/devices/heard", ctx -> json(ctx, queries.local().lastHeard(ctx.queryParams("id"))));
            r.get(local + "/tickets", ctx -> json(ctx, queries.local().openTickets()));
            r.get(local + "/tickets/{ticket}", ctx -> json(ctx, java.util.Optional.ofNullable(queries.local().ticket(ctx.pathParam("ticket")))
                    .stream().toList())); // none or one: the ticket is on one instance
            r.get(local + "/clocks", ctx -> json(ctx, queries.local().runningClocks()));
            r.get(local + "/kpis/open", ctx -> {
                ArrayNode kpis = ApiJson.MAPPER.createArrayNode();
                queries.local().openKpiWindows().forEach(k -> kpis.add(JsonRecords.toJson(k)));
                json(ctx, kpis);
            });

            registryApi.ifPresent(registry -> registry.routes(r));
            r.exception(ClusterQueries.NotAvailable.class, (e, ctx) -> unavailable(ctx, e.getMessage()));
            r.exception(InvalidStateStoreException.class, (e, ctx) -> unavailable(ctx, "the state stores are moving (rebalance): " + e.getMessage()));
            r.exception(IllegalArgumentException.class, (e, ctx) -> ctx.status(400).contentType(JSON).result(error(e.getMessage())));
        });
        try {
            return javalin.start(port);
        } catch (io.javalin.util.JavalinBindException e) {
            throw new ConfigException(HttpSettings.HTTP_PORT + ": port " + port + " is in use. Stop what uses it, or choose another "
                    + "(SLA_HTTP_PORT, --set http.port=N), or -1 to run without the console, API and probes");
        }
    }

    public int port() {
        return server.port();
    }

    /** A route of this server: its method and its path as declared ({@code /api/sites/{site}}). */
    public record Route(String method, String path) {
    }

    /** Every route this server answers, as its router holds them (the static files of the page aside). */
    public List<Route> routes() {
        return server.unsafe.internalRouter.allHttpHandlers().stream().map(e -> e.endpoint)
                .filter(e -> e.method.isHttpMethod()).map(e -> new Route(e.method.name(), e.path)).distinct().toList();
    }

    /** HTTPS only, on the HTTP port: the web-config's certificate and key. */
    private static ServerConnector httpsConnector(Server server, HttpConfiguration http, WebConfig.Tls tls, int port) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(TlsFiles.keyStore(tls));
        ssl.setKeyStorePassword(new String(TlsFiles.password()));
        http.addCustomizer(new SecureRequestCustomizer(false)); // no SNI host check: peers ask by their advertised name
        ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(http));
        connector.setPort(port);
        return connector;
    }

    /**
     * Who is asking, for the page (which buttons to show): the user, role and scope (null: everything), or that the
     * server is open; and the zone the console writes times in.
     */
    private static Map<String, Object> me(Context ctx, boolean secured, java.time.ZoneId zone) {
        if (!secured) {
            return Map.of("secured", false, "zone", zone.getId());
        }
        Scope scope = Scope.of(ctx);
        Map<String, Object> me = new java.util.LinkedHashMap<>();
        me.put("secured", true);
        me.put("user", ctx.<String>attribute(Access.USER));
        me.put("role", ctx.<Role>attribute(Access.ROLE).toString());
        me.put("scope", scope.unlimited() ? null : Map.of("sites", new java.util.TreeSet<>(scope.sites()), "contracts", new java.util.TreeSet<>(scope.contracts())));
        me.put("zone", zone.getId());
        return me;
    }

    /** A page of the sites, of those in the request's scope only (asked so of every instance: the pages still walk them all). */
    private static SitePage scoped(Context ctx, SitePage page) {
        Scope scope = Scope.of(ctx);
        return scope.unlimited() ? page : page.within(new SitePage.Within(scope.sites(), scope.contracts()));
    }

    boolean live() {
        KafkaStreams.State s = state.get();
        return s != KafkaStreams.State.ERROR && s != KafkaStreams.State.NOT_RUNNING && s != KafkaStreams.State.PENDING_ERROR;
    }

    boolean ready() {
        return state.get() == KafkaStreams.State.RUNNING && inputWaitsFor.get().isEmpty();
    }

    private void probe(Context ctx, boolean ok) {
        ObjectNode body = ApiJson.MAPPER.createObjectNode().put("status", ok ? "UP" : "DOWN").put("streams", state.get().name());
        inputWaitsFor.get().ifPresent(w -> body.put("inputWaitsFor", w));
        ctx.status(ok ? 200 : 503);
        json(ctx, body);
    }

    /**
     * A school's inspection record (SPEC section 11) for {@code quarter=2026Q1} or {@code month=2026-03}, {@code lang=zh|en}
     * (default the site's), {@code format=html|csv} (html): read from the topics' start, read_committed, on each request.
     */
    private void inspectionReport(Context ctx) {
        Optional<String> quarter = param(ctx, "quarter");
        Optional<String> month = param(ctx, "month");
        if (quarter.isPresent() == month.isPresent()) {
            throw new IllegalArgumentException("give one quarter=2026Q1 or one month=2026-03");
        }
        com.schoolops.sla.report.ReportPeriod period = quarter.map(com.schoolops.sla.report.ReportPeriod::quarter)
                .orElseGet(() -> com.schoolops.sla.report.ReportPeriod.month(month(month.get())));
        download(ctx, r -> r.inspection(ctx.pathParam("site"), period, lang(ctx)));
    }

    /** A school's monthly service review for {@code month=2026-03}, {@code lang}, {@code format} as {@link #inspectionReport}. */
    private void reviewReport(Context ctx) {
        java.time.YearMonth month = month(param(ctx, "month").orElseThrow(() -> new IllegalArgumentException("give month=2026-03")));
        download(ctx, r -> r.review(KpiScope.SITE, ctx.pathParam("site"), month, lang(ctx)));
    }

    /** The report as a file to keep: 403 outside the reader's scope (its site, or its contract as site-registry names it). */
    private void download(Context ctx, java.util.function.Function<SiteReports, SiteReports.Rendered> render) {
        String format = param(ctx, "format").orElse("html");
        if (!format.equals("html") && !format.equals("csv")) {
            throw new IllegalArgumentException("format '" + format + "' is not html or csv");
        }
        SiteReports r = reports.orElseThrow(() -> new ClusterQueries.NotAvailable("this instance serves no reports"));
        String site = ctx.pathParam("site");
        Scope scope = Scope.of(ctx);
        if (!scope.allowsSite(site, null) && !scope.allowsSite(site, r.contractOf(site).orElse(null))) {
            ctx.status(403).contentType(JSON).result(error("site " + site + " is not in your scope"));
            return;
        }
        SiteReports.Rendered report = render.apply(r);
        boolean csv = format.equals("csv");
        ctx.header("Content-Disposition", "attachment; filename=\"" + report.name() + (csv ? ".csv" : ".html") + "\"")
                .contentType(csv ? "text/csv; charset=utf-8" : "text/html; charset=utf-8").result(csv ? report.csv() : report.html());
    }

    private static String lang(Context ctx) {
        String lang = param(ctx, "lang").orElse(null);
        com.schoolops.sla.text.Texts.Lang.of(lang, com.schoolops.sla.text.Texts.Lang.ZH); // a 400 now when it is none of ours
        return lang;
    }

    private static java.time.YearMonth month(String text) {
        try {
            return java.time.YearMonth.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("month '" + text + "' is not YYYY-MM");
        }
    }

    /** Running clocks by time to breach: those due within {@code horizon} (default 4h), filtered by contract, site, tier. */
    private void atRisk(Context ctx) {
        Duration horizon = Durations.parse(Optional.ofNullable(ctx.queryParam("horizon")).orElse("4h"));
        long until = clock.millis() + horizon.toMillis();
        Optional<Integer> tier = tier(ctx);
        Views.Answer<ClockReading> clocks = queries.runningClocks();
        Predicate<ClockReading> keep = c -> c.deadline().toEpochMilli() <= until // running clocks all have one
                && param(ctx, "contract").map(c.contractId()::equals).orElse(true)
                && param(ctx, "site").map(c.siteId()::equals).orElse(true)
                && tier.map(t -> t == c.tier()).orElse(true)
                && InScope.of(ctx).record(c.siteId(), c.contractId());
        json(ctx, new Views.Answer<>(clocks.items().stream().filter(keep).sorted(Comparator.comparing(ClockReading::deadline)).toList(),
                clocks.instances(), clocks.unreachable()));
    }

    /** The newest escalations published (read_committed), newest first; filter by type, site, tier, contract; limit (100). */
    private void escalations(Context ctx) {
        int limit = limit(ctx);
        ArrayNode out = ApiJson.MAPPER.createArrayNode();
        feed.escalations().stream().filter(escalationFilter(ctx)).limit(limit).forEach(e -> out.add(JsonRecords.toJson(e)));
        json(ctx, out);
    }

    /**
     * The newest operator actions and refused attempts (ops-audit, read_committed), newest first; limit (100). A user
     * with a scope sees the actions done on its sites only (by the site of the record written), no refused attempt.
     */
    private void audit(Context ctx) {
        int limit = limit(ctx);
        InScope in = InScope.of(ctx);
        ArrayNode out = ApiJson.MAPPER.createArrayNode();
        feed.audit().stream().filter(a -> in.unlimited() || siteOfAction(a).map(in::site).orElse(false)).limit(limit)
                .forEach(a -> out.add(JsonRecords.toJson(a)));
        json(ctx, out);
    }

    /** The site of the record an action wrote (a ticket event, a visit, a site's schedule all name it). */
    private static Optional<String> siteOfAction(com.schoolops.sla.avro.OpsAction action) {
        if (action.getDetail() == null) {
            return Optional.empty();
        }
        try {
            com.fasterxml.jackson.databind.JsonNode site = ApiJson.MAPPER.readTree(action.getDetail()).path("siteId");
            return site.isTextual() ? Optional.of(site.asText()) : Optional.empty();
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    /**
     * How the newest notifications went (notification-deliveries, written by notify), newest first; limit (100). Each
     * with the {@code message} of the escalation it was about (its headline's), while the feed still holds it, else null.
     */
    private void notifications(Context ctx) {
        int limit = limit(ctx);
        Map<String, String> messages = new java.util.HashMap<>();
        feed.escalations().forEach(e -> messages.putIfAbsent(e.getEscalationId(), e.getMessage()));
        ArrayNode out = ApiJson.MAPPER.createArrayNode();
        InScope in = InScope.of(ctx);
        feed.deliveries().stream().filter(d -> in.site(d.getSiteId())).limit(limit).forEach(d -> {
            String headline = d.getNotificationId().replaceFirst("/.*$", ""); // <id>/repeat-<n>, <id>/resolved
            out.add(JsonRecords.toJson(d).put("message", messages.get(headline)));
        });
        json(ctx, out);
    }

    private static int limit(Context ctx) {
        int limit = param(ctx, "limit").map(Integer::parseInt).orElse(100);
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        return limit;
    }

    /** A bounded number of live streams: one more is refused, not kept open (idle connections must not pile up). */
    private void admitStream(Context ctx) {
        escalationFilter(ctx); // its parameters checked now: a 400, not a stream
        if (!streams.tryAcquire()) {
            ctx.status(429).header("Retry-After", "10").contentType(JSON).result(error("too many live streams on this instance"));
            ctx.skipRemainingHandlers();
        }
    }

    private void stream(SseClient client) {
        Predicate<Escalation> keep = escalationFilter(client.ctx());
        Consumer<Escalation> send = e -> {
            if (client.terminated()) {
                throw new IllegalStateException("the client has gone"); // the feed drops this subscriber
            }
            if (keep.test(e)) {
                client.sendEvent("escalation", JsonRecords.toJson(e).toString());
            }
        };
        client.keepAlive();
        openStreams.add(client);
        client.onClose(() -> {
            feed.unsubscribe(send);
            if (openStreams.remove(client)) {
                streams.release();
            }
        });
        feed.subscribe(send);
    }

    private void beat() {
        for (SseClient client : openStreams) {
            try {
                client.sendComment("alive");
            } catch (RuntimeException gone) {
                // noticed below
            }
            if (client.terminated()) {
                client.close(); // runs its onClose: unsubscribed, its place given back
            }
        }
    }

    /** Its parameters are read at once: a type or tier that cannot be is a 400 even when no escalation would be looked at. */
    private static Predicate<Escalation> escalationFilter(Context ctx) {
        Optional<EscalationType> type = param(ctx, "type").map(v -> enumParam(EscalationType.class, "type", v));
        Optional<Integer> tier = tier(ctx);
        Scope scope = Scope.of(ctx); // by the contract it carries: the live stream asks nothing of other instances
        return e -> scope.allowsSite(e.getSiteId(), e.getContractId())
                && type.map(t -> e.getType() == t).orElse(true)
                && param(ctx, "site").map(e.getSiteId()::equals).orElse(true)
                && param(ctx, "contract").map(c -> c.equals(e.getContractId())).orElse(true)
                && tier.map(t -> t == e.getTier()).orElse(true);
    }

    private static Optional<Integer> tier(Context ctx) {
        return param(ctx, "tier").map(v -> {
            if (!v.matches("[123]")) {
                throw new IllegalArgumentException("tier '" + v + "' is not 1, 2 or 3");
            }
            return Integer.parseInt(v);
        });
    }

    private static Predicate<TicketView> ticketFilter(Context ctx) {
        return t -> param(ctx, "contract").map(t.contractId()::equals).orElse(true) && param(ctx, "site").map(t.siteId()::equals).orElse(true);
    }

    /**
     * KPIs of a scope ({@code scope}=CONTRACT|SITE, {@code id}, {@code granularity}=HOURLY|DAILY): {@code closed}, the
     * windows published on sla-kpis (final), oldest first; {@code open}, the windows still open, values so far (provisional).
     */
    private void kpis(Context ctx) {
        // Read before any record is looked at: a scope or granularity that does not exist is a 400 even when nothing would match.
        Optional<KpiScope> scope = param(ctx, "scope").map(v -> enumParam(KpiScope.class, "scope", v));
        Optional<KpiGranularity> granularity = param(ctx, "granularity").map(v -> enumParam(KpiGranularity.class, "granularity", v));
        InScope in = InScope.of(ctx);
        Predicate<SlaKpi> keep = k -> (k.getScope() == KpiScope.CONTRACT ? in.wholeContract(k.getScopeId()) : in.site(k.getScopeId()))
                && scope.map(s -> k.getScope() == s).orElse(true)
                && param(ctx, "id").map(k.getScopeId()::equals).orElse(true)
                && granularity.map(g -> k.getGranularity() == g).orElse(true);
        ObjectNode out = ApiJson.MAPPER.createObjectNode();
        ArrayNode closed = out.putArray("closed");
        feed.kpis().stream().filter(keep).sorted(Comparator.comparingLong(SlaKpi::getWindowStart)).forEach(k -> closed.add(JsonRecords.toJson(k)));
        Views.Answer<SlaKpi> open = queries.openKpiWindows();
        ArrayNode provisional = out.putArray("open");
        open.items().stream().filter(keep).sorted(Comparator.comparingLong(SlaKpi::getWindowStart)).forEach(k -> provisional.add(JsonRecords.toJson(k)));
        out.set("unreachable", ApiJson.MAPPER.valueToTree(open.unreachable()));
        json(ctx, out);
    }

    /** The contracts with the quality targets and number of the version in force now, for the console's charts and list. */
    private List<Map<String, Object>> contracts(InScope in) {
        java.util.Set<String> shown = in.unlimited() ? null : in.contracts();
        return queries.local().contractsInForce(clock.millis()).stream().filter(c -> shown == null || shown.contains(c.contractId())).map(c -> Map.<String, Object>of("contractId", c.contractId(),
                "calendar", c.calendarId(), "kpiTargets", c.kpiTargets(), "version", c.version(), "versions", c.versions())).toList();
    }

    /**
     * The calendars in use, each with the version in force and the years it lists holidays for, and {@code warnings}:
     * a line per calendar and year without holidays (this year's, and from December the coming year's), for the banner.
     */
    private Map<String, Object> calendars(InScope in) {
        java.util.Set<String> shown = in.unlimited() ? null : in.calendars();
        var calendars = queries.local().calendarsInUse(clock.millis(), id -> shown == null || shown.contains(id));
        List<Map<String, Object>> items = calendars.items().stream().map(c -> Map.<String, Object>of("calendarId", c.calendarId(),
                "zone", c.zone(), "versions", c.versions(), "holidayYears", c.holidayYears())).toList();
        return Map.of("items", items, "warnings", calendars.warnings());
    }

    /** Every version of a contract or calendar: number, when it took over, who and why, and the document. */
    private ObjectNode versions(String id) {
        ContractHistory history = queries.local().contractVersions(id);
        if (history == null) {
            return null;
        }
        ObjectNode out = ApiJson.MAPPER.createObjectNode().put("id", id).put("kind", history.getKind().name());
        ArrayNode versions = out.putArray("versions");
        for (ContractVersion v : history.getVersions()) {
            ObjectNode n = versions.addObject().put("version", v.getVersion())
                    .put("inForceFrom", v.getInForceFrom() == Long.MIN_VALUE ? null : java.time.Instant.ofEpochMilli(v.getInForceFrom()).toString())
                    .put("recordedAt", java.time.Instant.ofEpochMilli(v.getRecordedAt()).toString())
                    .put("actor", v.getActor()).put("note", v.getNote());
            try {
                n.set("document", ApiJson.MAPPER.readTree(v.getDocument()));
            } catch (java.io.IOException e) {
                n.put("document", v.getDocument());
            }
        }
        return out;
    }

    private static <T> Views.Answer<T> filtered(Views.Answer<T> answer, Predicate<T> keep) {
        return new Views.Answer<>(answer.items().stream().filter(keep).toList(), answer.instances(), answer.unreachable());
    }

    private static <E extends Enum<E>> E enumParam(Class<E> type, String name, String value) {
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " '" + value + "' is not one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    private static Optional<String> param(Context ctx, String name) {
        return Optional.ofNullable(ctx.queryParam(name)).filter(v -> !v.isBlank());
    }

    private static void found(Context ctx, Optional<?> value, String what) {
        if (value.isPresent()) {
            json(ctx, value.get());
        } else {
            ctx.status(404).contentType(JSON).result(error("no such " + what));
        }
    }

    private static void nullable(Context ctx, Object value) {
        if (value == null) {
            ctx.status(404).contentType(JSON).result("null");
        } else {
            json(ctx, value);
        }
    }

    private static void unavailable(Context ctx, String why) {
        ctx.status(503).header("Retry-After", "2").contentType(JSON).result(error(why));
    }

    private static String error(String message) {
        return ApiJson.MAPPER.createObjectNode().put("error", message).toString();
    }

    private static void json(Context ctx, Object body) {
        try {
            ctx.contentType(JSON).result(ApiJson.MAPPER.writeValueAsString(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
        server.stop();
    }
}
