package com.schoolops.sla.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.schoolops.sla.avro.SlaKpi;
import com.schoolops.sla.health.HealthReadSide.DeviceView;
import com.schoolops.sla.health.HealthReadSide.SiteDetail;
import com.schoolops.sla.health.HealthReadSide.SiteSummary;
import com.schoolops.sla.obligations.ObligationReadSide.SiteObligations;
import com.schoolops.sla.serde.JsonRecords;
import com.schoolops.sla.tickets.TicketReadSide.ClockReading;
import com.schoolops.sla.tickets.TicketReadSide.TicketView;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The query API of the whole application, from any instance: a question about everything (sites, tickets, clocks,
 * open KPI windows) is asked of every instance Kafka Streams knows ({@code application.server}) and the parts put
 * together; a question about one site or device goes to the instance whose task holds it. Each instance answers its
 * part from {@link LocalQueries} under {@code /api/local}.
 */
public final class ClusterQueries {
    private static final Logger log = LoggerFactory.getLogger(ClusterQueries.class);
    /** The path under which an instance answers for its own tasks only. */
    public static final String LOCAL = "/api/local";
    private static final Duration PEER_TIMEOUT = Duration.ofSeconds(5);
    /** Device ids per request for their last heartbeats: a site's page stays well inside a request line's size. */
    private static final int HEARD_PER_REQUEST = 100;

    private final KafkaStreams streams;
    private final LocalQueries local;
    private final HostInfo self;
    private final HttpClient http;
    private final String scheme;
    private final Map<String, String> peerHeaders;

    public ClusterQueries(KafkaStreams streams, LocalQueries local, String advertisedServer) {
        this(streams, local, advertisedServer, PeerAccess.OPEN);
    }

    /** With {@code peers}: the other instances are asked over HTTPS where it sets TLS, with its headers. */
    public ClusterQueries(KafkaStreams streams, LocalQueries local, String advertisedServer, PeerAccess peers) {
        this.streams = streams;
        this.local = local;
        this.self = HostInfo.buildFromEndpoint(advertisedServer);
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(PEER_TIMEOUT);
        peers.tls().ifPresent(client::sslContext);
        this.http = client.build();
        this.scheme = peers.tls().isPresent() ? "https" : "http";
        this.peerHeaders = peers.headers();
    }

    public LocalQueries local() {
        return local;
    }

    /** A page of the site list: each instance's page, merged in site-id order. */
    public Views.Answer<SiteSummary> sites(SitePage page) {
        return page.merge(gather("/sites" + page.query(), () -> local.sites(page), n -> read(n, SiteSummary.class)),
                SiteSummary::siteId);
    }

    public Views.Answer<TicketView> openTickets() {
        return gather("/tickets", local::openTickets, n -> read(n, TicketView.class));
    }

    /**
     * One ticket, whatever its status, from whichever instance keeps it: each is asked (a ticket's store is its site's,
     * and the site is not in the question). Empty when every instance answered and none keeps it; {@link NotAvailable}
     * when none that answered keeps it and one did not answer.
     */
    public Optional<TicketView> ticket(String ticketId) {
        Views.Answer<TicketView> found = gather("/tickets/" + encode(ticketId), () -> Optional.ofNullable(local.ticket(ticketId)).stream().toList(),
                n -> read(n, TicketView.class));
        if (!found.items().isEmpty()) {
            return Optional.of(found.items().get(0));
        }
        if (!found.unreachable().isEmpty()) {
            throw new NotAvailable("ticket " + ticketId + " is not on the instances that answered; not answering: " + found.unreachable());
        }
        return Optional.empty();
    }

    public Views.Answer<ClockReading> runningClocks() {
        return gather("/clocks", local::runningClocks, n -> read(n, ClockReading.class));
    }

    public Views.Answer<SlaKpi> openKpiWindows() {
        return gather("/kpis/open", local::openKpiWindows, n -> JsonRecords.fromJson(n, SlaKpi.class));
    }

    /** One site, from the instance whose task holds it, with each device's newest heartbeat; empty when no device of it is known. */
    public Optional<SiteDetail> site(String siteId) {
        return routed(local.health().holderOfSite(siteId), siteId, "/sites/" + encode(siteId), () -> local.site(siteId), SiteDetail.class)
                .map(site -> site.heard(lastHeard(site.devices().stream().map(DeviceView::deviceId).toList())));
    }

    /** A site's obligations and last visits, from the instance whose task holds the site; empty when the site is not in site-registry. */
    public Optional<SiteObligations> siteObligations(String siteId) {
        return routed(local.obligations().holderOfSite(siteId), siteId, "/sites/" + encode(siteId) + "/obligations",
                () -> local.siteObligations(siteId), SiteObligations.class);
    }

    /** A site's running or next major event with its readiness, from the instance whose task holds the site; empty when the site is not in site-registry. */
    public Optional<Views.SiteReadiness> siteEvents(String siteId) {
        return routed(local.examDays().holderOfSite(siteId), siteId, "/sites/" + encode(siteId) + "/events",
                () -> local.siteEvents(siteId), Views.SiteReadiness.class);
    }

    /** A site's record in site-registry, from the instance whose task holds it; empty when it has none. */
    public Optional<com.schoolops.sla.site.SiteRegistryReadSide.SiteRegistration> siteRegistration(String siteId) {
        return routed(local.siteRegistry().holderOfSite(siteId), siteId, "/sites/" + encode(siteId) + "/registration",
                () -> local.siteRegistration(siteId), com.schoolops.sla.site.SiteRegistryReadSide.SiteRegistration.class);
    }

    /** The site a device is registered at, from the instance holding the device's registry partition. */
    public Optional<String> siteOfDevice(String deviceId) {
        return routed(local.registry().holderOf(deviceId), deviceId, "/devices/" + encode(deviceId) + "/site",
                () -> local.siteOfDevice(deviceId), String.class);
    }

    /** One device: its site from the registry's partition, then the device from the site's, with its newest heartbeat. */
    public Optional<DeviceView> device(String deviceId) {
        return siteOfDevice(deviceId).flatMap(s -> routed(local.health().holderOfSite(s), s, "/sites/" + encode(s) + "/devices/" + encode(deviceId),
                () -> local.device(s, deviceId), DeviceView.class))
                .map(d -> d.heardAt(lastHeard(List.of(deviceId)).get(deviceId)));
    }

    /**
     * When each device was last heard, from the instances holding their liveness (keyed by device: a site's devices
     * are spread over the partitions), asked a bounded number of ids at a time. A device whose owner cannot be reached
     * now keeps the time of its verdict.
     */
    public Map<String, Instant> lastHeard(List<String> deviceIds) {
        Map<HostInfo, List<String>> byOwner = new HashMap<>();
        for (String id : deviceIds) {
            KeyQueryMetadata owner = local.health().holderOfLiveness(id);
            if (owner != null && owner.activeHost() != null && !KeyQueryMetadata.NOT_AVAILABLE.equals(owner)) {
                byOwner.computeIfAbsent(owner.activeHost(), h -> new ArrayList<>()).add(id);
            }
        }
        Map<String, Instant> heard = new HashMap<>();
        byOwner.forEach((host, ids) -> {
            for (int from = 0; from < ids.size(); from += HEARD_PER_REQUEST) {
                List<String> some = ids.subList(from, Math.min(ids.size(), from + HEARD_PER_REQUEST));
                try {
                    if (host.equals(self)) {
                        heard.putAll(local.lastHeard(some));
                    } else {
                        JsonNode answer = ask(host, "/devices/heard?" + some.stream().map(id -> "id=" + encode(id)).collect(Collectors.joining("&")));
                        if (answer != null) {
                            answer.fields().forEachRemaining(f -> heard.put(f.getKey(), Instant.parse(f.getValue().asText())));
                        }
                    }
                } catch (NotAvailable | org.apache.kafka.streams.errors.InvalidStateStoreException e) {
                    log.debug("Last heard of {} device(s) not read from {}: {}", some.size(), host, e.getMessage());
                }
            }
        });
        return heard;
    }

    /** The answer of the instance that holds {@code key} ({@code owner}, from the stage's read side): this one's, or asked over HTTP. */
    private <T> Optional<T> routed(KeyQueryMetadata owner, String key, String path, Supplier<T> here, Class<T> type) {
        if (owner == null || owner.activeHost() == null || KeyQueryMetadata.NOT_AVAILABLE.equals(owner)) {
            throw new NotAvailable("the partition of " + key + " has no owner yet (the group is rebalancing)");
        }
        if (owner.activeHost().equals(self)) {
            return Optional.ofNullable(here.get());
        }
        JsonNode answer = ask(owner.activeHost(), path);
        return answer == null || answer.isNull() ? Optional.empty() : Optional.of(read(answer, type));
    }

    private <T> Views.Answer<T> gather(String path, Supplier<List<T>> here, Function<JsonNode, T> parse) {
        List<T> items = new ArrayList<>();
        List<String> unreachable = new ArrayList<>();
        List<HostInfo> hosts = streams.metadataForAllStreamsClients().stream().map(StreamsMetadata::hostInfo).distinct().toList();
        if (hosts.isEmpty()) {
            throw new NotAvailable("no instance holds a task yet (the application is starting or rebalancing)");
        }
        for (HostInfo host : hosts) {
            if (host.equals(self)) {
                try {
                    items.addAll(here.get());
                } catch (org.apache.kafka.streams.errors.InvalidStateStoreException e) {
                    unreachable.add(host.host() + ":" + host.port() + " (its stores are moving)");
                }
                continue;
            }
            try {
                JsonNode answer = ask(host, path);
                if (answer == null) {
                    throw new NotAvailable("no such question there (an older version?)");
                }
                answer.forEach(n -> items.add(parse.apply(n)));
            } catch (NotAvailable e) {
                unreachable.add(host.host() + ":" + host.port() + " (" + e.getMessage() + ")");
            }
        }
        return new Views.Answer<>(items, hosts.size(), unreachable);
    }

    /** A GET of another instance's local API. */
    private JsonNode ask(HostInfo host, String path) {
        URI uri = URI.create(scheme + "://" + host.host() + ":" + host.port() + LOCAL + path);
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(PEER_TIMEOUT).GET();
            peerHeaders.forEach(request::header);
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404) {
                return null;
            }
            if (response.statusCode() != 200) {
                throw new NotAvailable(uri + " answered " + response.statusCode());
            }
            return ApiJson.MAPPER.readTree(response.body());
        } catch (IOException e) {
            log.debug("{} did not answer: {}", uri, e.toString());
            throw new NotAvailable(uri + " did not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotAvailable("interrupted");
        }
    }

    private static <T> T read(JsonNode node, Class<T> type) {
        try {
            return ApiJson.MAPPER.treeToValue(node, type);
        } catch (IOException e) {
            throw new NotAvailable("an answer that could not be read: " + e.getMessage());
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The answer cannot be given now (the group rebalances, a store moves, an instance does not answer): try again. */
    public static final class NotAvailable extends RuntimeException {
        public NotAvailable(String message) {
            super(message);
        }
    }
}
