package com.schoolops.sla.policy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.schoolops.sla.avro.ContractHistory;
import com.schoolops.sla.avro.ContractKind;
import com.schoolops.sla.avro.ContractVersion;
import com.schoolops.sla.deadletter.InvalidInputException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The contracts and calendars in force, through their versions (issue 23): the versions the engine accepted from
 * {@code sla-contracts} (every instance holds them all: a global store), and the policies file as version 1 of any
 * id the topic has not seen yet. A ticket is judged for life by the version of its contract in force at its OPENED;
 * working time is counted, instant by instant, by the calendar version in force then ({@link CalendarTimeline}).
 * Versions never change once accepted, so each is parsed once.
 */
public final class ContractBook {
    /**
     * The engine's own zone: where a KPI day begins when no calendar says (the bundled calendar's zone), and where every
     * device's day begins on device-daily (the liveness stage, before the repartition, knows no site's calendar).
     */
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ReadOnlyKeyValueStore<String, ContractHistory> NO_VERSIONS = new EmptyStore();

    /** A contract as one version of it. */
    public record Terms(Contract contract, int version) {
    }

    private final Policies policies;
    private final ReadOnlyKeyValueStore<String, ContractHistory> versions;
    private final Map<String, Object> parsed = new ConcurrentHashMap<>();

    private ContractBook(Policies policies, ReadOnlyKeyValueStore<String, ContractHistory> versions) {
        this.policies = policies;
        this.versions = versions;
    }

    /** The policies file alone: every contract and calendar at version 1 (tools that read no topic). */
    public static ContractBook of(Policies policies) {
        return new ContractBook(policies, NO_VERSIONS);
    }

    /** The versions accepted so far ({@code contract-versions-store}), over the policies file. */
    public static ContractBook over(Policies policies, ReadOnlyKeyValueStore<String, ContractHistory> versions) {
        return new ContractBook(policies, versions);
    }

    /** The book of a processor: the global store of versions, which every task may read. */
    public static ContractBook open(org.apache.kafka.streams.processor.api.ProcessingContext context, Policies policies) {
        return over(policies, context.getStateStore(PolicyStores.CONTRACT_VERSIONS));
    }

    public Policies policies() {
        return policies;
    }

    /** The version of contract {@code id} in force at {@code at} (event time). */
    public Optional<Terms> inForce(String id, long at) {
        if (id == null) {
            return Optional.empty();
        }
        ContractHistory history = versions.get(id);
        if (history == null || history.getKind() != ContractKind.CONTRACT) {
            return policies.contract(id).map(c -> new Terms(c, 1));
        }
        ContractVersion v = inForce(history.getVersions(), at);
        return Optional.of(new Terms(contract(id, v), v.getVersion()));
    }

    /** Version {@code version} of contract {@code id} (null: version 1, as states written before versions say it). */
    public Optional<Terms> version(String id, Integer version) {
        int wanted = version == null ? 1 : version;
        ContractHistory history = versions.get(id);
        if (history == null || history.getKind() != ContractKind.CONTRACT) {
            return wanted == 1 ? policies.contract(id).map(c -> new Terms(c, 1)) : Optional.empty();
        }
        return history.getVersions().stream().filter(v -> v.getVersion() == wanted).findFirst()
                .map(v -> new Terms(contract(id, v), wanted));
    }

    /**
     * The terms a ticket is judged by, its severity checked where one is given (null: not checked): the one check
     * of a ticket's terms, made where a ticket names its contract and again where its device's contract is found.
     *
     * @throws InvalidInputException naming the ticket, when the contract is unknown or the severity is not one of it
     */
    public Terms termsOf(String ticketId, String contractId, String severity, long at) {
        Terms terms = inForce(contractId, at).orElseThrow(() -> new InvalidInputException(
                "ticket " + ticketId + ": unknown contract '" + contractId + "' (known: " + contractIds() + ")"));
        checkSeverity(ticketId, terms, severity);
        return terms;
    }

    /** @throws InvalidInputException when {@code severity} (non-null) is not one of the contract's */
    public void checkSeverity(String ticketId, Terms terms, String severity) {
        if (severity != null && !terms.contract().hasSeverity(severity)) {
            throw new InvalidInputException("ticket " + ticketId + ": severity '" + severity + "' is not one of "
                    + terms.contract().id() + "'s " + terms.contract().severities().keySet());
        }
    }

    /** Every contract id known: the file's and the topic's. */
    public Set<String> contractIds() {
        Set<String> ids = new TreeSet<>(policies.contractIds());
        try (KeyValueIterator<String, ContractHistory> all = versions.all()) {
            all.forEachRemaining(kv -> {
                if (kv.value != null && kv.value.getKind() == ContractKind.CONTRACT) {
                    ids.add(kv.key);
                }
            });
        }
        return ids;
    }

    /** The calendars in use at {@code at}: those of the contracts in force, and the sites' own. */
    public Set<String> calendarsInUse(long at) {
        Set<String> ids = new TreeSet<>(policies.siteCalendarIds());
        contractIds().forEach(id -> inForce(id, at).ifPresent(t -> ids.add(t.contract().calendarId())));
        ids.removeIf(id -> !hasCalendar(id));
        return ids;
    }

    /** What the calendars in use lack ({@link HolidayCoverage}): a line per calendar and year with no holidays. */
    public List<String> holidayWarnings(long at) {
        return calendarsInUse(at).stream().flatMap(id -> holidayWarnings(id, at).stream()).toList();
    }

    /** What one calendar lacks ({@link HolidayCoverage}). */
    public List<String> holidayWarnings(String calendarId, long at) {
        return HolidayCoverage.warnings(timeline(calendarId), Instant.ofEpochMilli(at));
    }

    /** Whether a calendar of this id is known (file or topic). */
    public boolean hasCalendar(String id) {
        ContractHistory history = versions.get(id);
        return history != null ? history.getKind() == ContractKind.CALENDAR : policies.calendar(id).isPresent();
    }

    /** The calendar a ticket's working time is counted in: the site's own where one is set, else the contract's; through its versions. */
    public CalendarTimeline calendar(Contract contract, String siteId) {
        return timeline(policies.siteCalendarId(siteId).orElse(contract.calendarId()));
    }

    /**
     * The calendar a registered site's scheduled work is counted in: the one its site-registry record names, else as for
     * its tickets ({@link #calendar(Contract, String)}), under the contract terms {@code terms}.
     */
    public CalendarTimeline calendar(com.schoolops.sla.avro.Site site, Terms terms) {
        return site.getCalendarId() != null ? timeline(site.getCalendarId()) : calendar(terms.contract(), site.getSiteId());
    }

    /**
     * When a registered site's warranty ends: its acceptance plus the warranty years of its contract as in force at
     * {@code at}, in the zone of its calendar ({@link #calendar(com.schoolops.sla.avro.Site, Terms)}). A device with no
     * {@code warrantyUntil} of its own takes this (SPEC section 9). None when the contract is not known then or sets no warranty.
     */
    public Optional<Instant> warrantyEnd(com.schoolops.sla.avro.Site site, long at) {
        return inForce(site.getContractId(), at).flatMap(terms -> terms.contract().warranty()
                .map(w -> w.end(Instant.ofEpochMilli(site.getAcceptedAt()), calendar(site, terms).zone())));
    }

    /** A calendar through its versions. */
    public CalendarTimeline timeline(String calendarId) {
        ContractHistory history = versions.get(calendarId);
        if (history == null || history.getKind() != ContractKind.CALENDAR) {
            return CalendarTimeline.of(policies.calendar(calendarId).orElseThrow(() -> new IllegalStateException("no calendar '" + calendarId + "'")));
        }
        List<BusinessCalendar> calendars = new ArrayList<>();
        long[] from = new long[history.getVersions().size()];
        for (int i = 0; i < from.length; i++) {
            ContractVersion v = history.getVersions().get(i);
            calendars.add(calendar(calendarId, v));
            from[i] = v.getInForceFrom();
        }
        return new CalendarTimeline(calendars, from);
    }

    /**
     * Where a KPI day begins: the zone of the site's own calendar where one is set (site is null for a contract's
     * KPIs), else of the contract's; Asia/Shanghai, the bundled calendar's zone, for a contract not known.
     */
    public ZoneId kpiZone(String contractId, String siteId, long at) {
        Optional<String> calendarId = policies.siteCalendarId(siteId)
                .or(() -> inForce(contractId, at).map(t -> t.contract().calendarId()));
        return calendarId.filter(this::hasCalendar).map(id -> timeline(id).at(at).zone()).orElse(DEFAULT_ZONE);
    }

    /** The tiers of escalations that belong to no contract (site outages), and the base of every contract's. */
    public Tiers tiers() {
        return policies.tiers();
    }

    /** The tiers of a contract's escalations: the policies' own, with the contract's on top. */
    public Tiers tiers(Contract contract) {
        return policies.tiers(contract);
    }

    /** The version in force at {@code at}: the newest that took over at or before it (the first covers all time before). */
    static ContractVersion inForce(List<ContractVersion> versions, long at) {
        ContractVersion found = versions.get(0);
        for (ContractVersion v : versions) {
            if (v.getInForceFrom() <= at) {
                found = v;
            }
        }
        return found;
    }

    private Contract contract(String id, ContractVersion v) {
        return (Contract) parsed.computeIfAbsent(id + "#" + v.getVersion(), k -> Policies.readContract("sla-contracts", json(v)));
    }

    private BusinessCalendar calendar(String id, ContractVersion v) {
        return (BusinessCalendar) parsed.computeIfAbsent("calendar:" + id + "#" + v.getVersion(), k -> Policies.readCalendar("sla-contracts", json(v)));
    }

    private static com.fasterxml.jackson.databind.JsonNode json(ContractVersion v) {
        try {
            return JSON.readTree(v.getDocument());
        } catch (IOException e) {
            throw new IllegalStateException("an accepted version no longer reads: " + e.getMessage(), e);
        }
    }

    /** No versions: the file alone. */
    private static final class EmptyStore implements ReadOnlyKeyValueStore<String, ContractHistory> {
        @Override
        public ContractHistory get(String key) {
            return null;
        }

        @Override
        public KeyValueIterator<String, ContractHistory> range(String from, String to) {
            return all();
        }

        @Override
        public KeyValueIterator<String, ContractHistory> all() {
            return new KeyValueIterator<>() {
                @Override
                public void close() {
                }

                @Override
                public String peekNextKey() {
                    throw new java.util.NoSuchElementException();
                }

                @Override
                public boolean hasNext() {
                    return false;
                }

                @Override
                public org.apache.kafka.streams.KeyValue<String, ContractHistory> next() {
                    throw new java.util.NoSuchElementException();
                }
            };
        }

        @Override
        public long approximateNumEntries() {
            return 0;
        }
    }
}
