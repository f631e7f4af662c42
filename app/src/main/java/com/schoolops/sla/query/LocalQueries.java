package com.schoolops.sla.query;

import com.schoolops.sla.avro.ContractHistory;
import com.schoolops.sla.avro.SlaKpi;
import com.schoolops.sla.health.HealthReadSide;
import com.schoolops.sla.health.HealthReadSide.DeviceView;
import com.schoolops.sla.health.HealthReadSide.SiteDetail;
import com.schoolops.sla.health.HealthReadSide.SiteSummary;
import com.schoolops.sla.ingest.RegistryReadSide;
import com.schoolops.sla.kpi.KpiReadSide;
import com.schoolops.sla.obligations.ExamDayReadSide;
import com.schoolops.sla.obligations.ExamDayReadSide.SiteEvent;
import com.schoolops.sla.obligations.ObligationReadSide;
import com.schoolops.sla.obligations.ObligationReadSide.SiteObligations;
import com.schoolops.sla.policy.ContractReadSide;
import com.schoolops.sla.policy.Policies;
import com.schoolops.sla.site.SiteRegistryReadSide;
import com.schoolops.sla.site.SiteRegistryReadSide.SiteRegistration;
import com.schoolops.sla.tickets.TicketReadSide;
import com.schoolops.sla.tickets.TicketReadSide.ClockReading;
import com.schoolops.sla.tickets.TicketReadSide.TicketView;
import org.apache.kafka.streams.KafkaStreams;

import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * The answers this instance can give from its own tasks, each from the read side of the stage that owns it: the API
 * asks every instance for its part and puts them together ({@link ClusterQueries}). Which stores hold the answers and
 * what their records mean is the stages' (docs/architecture.md, "Where a new read path goes"); here are the pages.
 */
public final class LocalQueries {
    private final InstantSource clock;
    /** The zone of the texts for people ({@code http.zone}). */
    private final ZoneId zone;
    private final ContractReadSide contracts;
    private final RegistryReadSide registry;
    private final HealthReadSide health;
    private final TicketReadSide tickets;
    private final KpiReadSide kpis;
    private final ObligationReadSide obligations;
    private final ExamDayReadSide examDays;
    private final SiteRegistryReadSide siteRegistry;

    /** @param siteEventsTopic the topic the site task reads: its partitions are the site stores' partitions */
    public LocalQueries(KafkaStreams streams, Policies policies, InstantSource clock, String siteEventsTopic, ZoneId zone) {
        this.clock = clock;
        this.zone = zone;
        this.contracts = new ContractReadSide(streams, policies);
        this.registry = new RegistryReadSide(streams);
        this.health = new HealthReadSide(streams, siteEventsTopic, zone);
        this.tickets = new TicketReadSide(streams, contracts);
        this.kpis = new KpiReadSide(streams);
        this.obligations = new ObligationReadSide(streams, contracts);
        this.examDays = new ExamDayReadSide(streams, contracts);
        this.siteRegistry = new SiteRegistryReadSide(streams);
    }

    /** The zone the console writes times in. */
    public ZoneId zone() {
        return zone;
    }

    /** Device health's read side, for routing a question about a site or a device's liveness to the instance that holds it. */
    HealthReadSide health() {
        return health;
    }

    /** The obligations' read side, for routing a question about a site's obligations to the instance that holds them. */
    ObligationReadSide obligations() {
        return obligations;
    }

    /** The exam days' read side, for routing a question about a site's next major event to the instance that holds it. */
    ExamDayReadSide examDays() {
        return examDays;
    }

    /** Site-registry's read side, for routing a question about a site's record to the instance that holds it. */
    SiteRegistryReadSide siteRegistry() {
        return siteRegistry;
    }

    /** The registry's read side, for routing a question about a device to the instance that holds its registration. */
    RegistryReadSide registry() {
        return registry;
    }

    /** The contracts and calendars through their versions (every instance holds all), for the reports' terms and zones. */
    public ContractReadSide contractReadSide() {
        return contracts;
    }

    /** Every contract with the version in force at {@code at} (every instance holds all versions). */
    public List<ContractReadSide.ContractInForce> contractsInForce(long at) {
        return contracts.contractsInForce(at);
    }

    /** The calendars in use at {@code at}, with the holiday warnings. */
    public ContractReadSide.CalendarsInUse calendarsInUse(long at) {
        return contracts.calendarsInUse(at);
    }

    /** The same, of the calendars {@code shown} keeps only. */
    public ContractReadSide.CalendarsInUse calendarsInUse(long at, java.util.function.Predicate<String> shown) {
        return contracts.calendarsInUse(at, shown);
    }

    /** Every version of a contract or calendar, oldest first (the policies file's version 1 where the topic has none yet), or null. */
    public ContractHistory contractVersions(String id) {
        return contracts.versions(id);
    }

    /** A page of this instance's sites, in site-id order, with their devices counted by state: its site partitions' parts merged ({@link SitePage#first}). */
    public List<SiteSummary> sites(SitePage page) {
        SitePage.Within within = page.within();
        return page.first(health.sitesAfter(page.after(), page.limit(), s -> page.admits(s.siteId(), s.status())
                && (within == null || within.admits(s.siteId(), () -> contractOf(s.siteId())))), SiteSummary::siteId);
    }

    /** A site's record in site-registry, or null when it has none or no task of this instance holds it. */
    public SiteRegistration siteRegistration(String siteId) {
        return siteRegistry.registration(siteId);
    }

    private String contractOf(String siteId) {
        SiteRegistration r = siteRegistry.registration(siteId);
        return r == null ? null : r.contractId();
    }

    /** One site with its devices, or null when no task of this instance holds it. */
    public SiteDetail site(String siteId) {
        return health.site(siteId);
    }

    /** A site's obligations this period as they stand now, and its last visits; null when no task of this instance holds its record. */
    public SiteObligations siteObligations(String siteId) {
        return obligations.site(siteId, clock.millis());
    }

    /** A site's running or next major event and its readiness now; null when no task of this instance holds its record. */
    public Views.SiteReadiness siteEvents(String siteId) {
        SiteEvent next = examDays.site(siteId, clock.millis());
        if (next == null) {
            return null;
        }
        SiteDetail site = health.site(siteId);
        List<DeviceView> notUp = site == null ? List.of() : site.devices().stream().filter(d -> !"UP".equals(d.state()))
                .sorted(java.util.Comparator.comparing(DeviceView::deviceId)).toList();
        return new Views.SiteReadiness(siteId, next.contractId(), next.zone(), next.event(), notUp);
    }

    /** The site a device is registered at, if this instance holds the device's registry partition. */
    public String siteOfDevice(String deviceId) {
        return registry.siteOf(deviceId);
    }

    /** One device, or null. */
    public DeviceView device(String siteId, String deviceId) {
        return health.device(siteId, deviceId);
    }

    /** When each of these devices was last heard, for those whose liveness this instance holds. */
    public Map<String, Instant> lastHeard(List<String> deviceIds) {
        return health.lastHeard(deviceIds);
    }

    /** The tickets not yet closed, with their clocks as they stand now. */
    public List<TicketView> openTickets() {
        return tickets.openTickets(clock.millis());
    }

    /** One ticket, whatever its status, while a task of this instance keeps it; else null. */
    public TicketView ticket(String ticketId) {
        return tickets.ticket(ticketId, clock.millis());
    }

    /** The severities of the version of a contract in force at {@code at} (every instance holds all versions). */
    public java.util.Optional<ContractReadSide.SeverityTerms> severitiesInForce(String contractId, long at) {
        return contracts.severitiesInForce(contractId, at);
    }

    /** The severities of one version of a contract (null: version 1). */
    public java.util.Optional<ContractReadSide.SeverityTerms> severitiesOf(String contractId, Integer version) {
        return contracts.severitiesOf(contractId, version);
    }

    /** Every clock still running towards a breach. */
    public List<ClockReading> runningClocks() {
        return tickets.runningClocks(clock.millis());
    }

    /** The KPI windows still open: their values so far (provisional: a window is final when published on sla-kpis). */
    public List<SlaKpi> openKpiWindows() {
        return kpis.openWindows();
    }
}
