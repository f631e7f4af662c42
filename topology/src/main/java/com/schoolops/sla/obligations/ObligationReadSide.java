package com.schoolops.sla.obligations;

import com.schoolops.sla.avro.ServiceVisit;
import com.schoolops.sla.avro.Site;
import com.schoolops.sla.policy.CalendarTimeline;
import com.schoolops.sla.policy.ContractBook;
import com.schoolops.sla.policy.ContractReadSide;
import com.schoolops.sla.policy.Obligation;
import com.schoolops.sla.site.SiteStores;
import com.schoolops.sla.state.ObligationOccurrence;
import com.schoolops.sla.text.LocalTimes;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A site's obligations as readers outside the engine see them (the query API, the console's site page): the
 * occurrences the obligations stage holds open (this period's, and a first one not yet begun), each judged at an
 * instant by the visits read so far and the contract version in force at its period's start, and the site's last
 * visit steps. Times for people are local to the site's calendar, with its zone. Which stores hold it, how they are
 * keyed and what their records mean stay here.
 */
public final class ObligationReadSide {
    /** How many of a site's newest visit steps a reader is shown. */
    public static final int LAST_VISITS = 20;

    /** An occurrence's state at the instant read: met by its visits, open (still time), or missed (its period is over). */
    public enum State { MET, OPEN, MISSED }

    /** One site's obligations now, and its newest visit steps, newest first; {@code zone} is the site calendar's. */
    public record SiteObligations(String siteId, String contractId, String zone, List<ObligationView> obligations,
                                  List<VisitView> visits) {
    }

    /**
     * One obligation of a site for one period.
     *
     * @param occurrenceId {@code siteId|obligationId|periodStart} (local date), as the escalations about it name it
     * @param required     visits the period needs; {@code done} the visits counted so far (with allModes, of the fewest mode)
     * @param timeLeftMs   until the period's end (negative once it is over)
     * @param metAt        the time of the visit that met it, or null
     */
    public record ObligationView(String occurrenceId, String obligationId, String kind, List<String> modes, boolean allModes,
                                 int required, int done, State state, Instant periodStart, Instant periodEnd, String periodStartLocal,
                                 String periodEndLocal, long timeLeftMs, Instant metAt) {
    }

    /** One step of a visit as written to service-visits. */
    public record VisitView(String visitId, String kind, String type, String mode, Instant at, String atLocal, List<String> engineers,
                            String actor, List<String> obligationIds) {
    }

    /** Where the stage's stores are read: this instance's active tasks (or a test driver's stores). */
    interface Stores {
        <V> ReadOnlyKeyValueStore<String, V> get(String name);
    }

    private final KafkaStreams streams;
    private final Stores stores;
    private final Supplier<ContractBook> contracts;

    public ObligationReadSide(KafkaStreams streams, ContractReadSide contracts) {
        this(streams, new Stores() {
            @Override
            public <V> ReadOnlyKeyValueStore<String, V> get(String name) {
                return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()));
            }
        }, contracts::contracts);
    }

    ObligationReadSide(KafkaStreams streams, Stores stores, Supplier<ContractBook> contracts) {
        this.streams = streams;
        this.stores = stores;
        this.contracts = contracts;
    }

    /** A site's obligations as they stand at {@code now}, or null when no task of this instance holds the site's record. */
    public SiteObligations site(String siteId, long now) {
        Site record = stores.<Site>get(SiteStores.REGISTRY).get(siteId);
        if (record == null) {
            return null;
        }
        ContractBook book = contracts.get();
        List<ServiceVisit> steps = bySite(ObligationStage.VISITS, siteId);
        Visits visits = Visits.of(steps);
        List<ObligationView> obligations = new ArrayList<>();
        for (ObligationOccurrence occ : this.<ObligationOccurrence>bySite(ObligationStage.OCCURRENCES, siteId)) {
            view(book, record, occ, visits, now).ifPresent(obligations::add);
        }
        obligations.sort(Comparator.comparing(ObligationView::periodStart).thenComparing(ObligationView::obligationId));
        ZoneId zone = zone(book, record, now);
        List<VisitView> last = steps.stream().sorted(Comparator.comparingLong(ServiceVisit::getTimestamp).reversed()).limit(LAST_VISITS)
                .map(v -> new VisitView(v.getVisitId(), v.getKind().name(), v.getType().name(), v.getMode() == null ? null : v.getMode().name(),
                        Instant.ofEpochMilli(v.getTimestamp()), LocalTimes.format(v.getTimestamp(), zone), List.copyOf(v.getEngineers()),
                        v.getActor(), v.getObligationIds() == null ? null : List.copyOf(v.getObligationIds())))
                .toList();
        return new SiteObligations(siteId, record.getContractId(), zone.getId(), obligations, last);
    }

    /** Which instance holds a site's obligations (null or NOT_AVAILABLE while the group rebalances). */
    public KeyQueryMetadata holderOfSite(String siteId) {
        return streams.queryMetadataForKey(ObligationStage.OCCURRENCES, siteId, Serdes.String().serializer());
    }

    /** An occurrence judged as the stage judges it; none when its contract version or obligation is no longer known here. */
    private static Optional<ObligationView> view(ContractBook book, Site record, ObligationOccurrence occ, Visits visits, long now) {
        return book.inForce(occ.getContractId(), occ.getPeriodStart()).flatMap(terms -> terms.contract().obligation(occ.getObligationId())
                .map(o -> {
                    CalendarTimeline calendar = book.calendar(record, terms);
                    ObligationPeriod period = new ObligationPeriod(Instant.ofEpochMilli(occ.getPeriodStart()), Instant.ofEpochMilli(occ.getPeriodEnd()),
                            Instant.ofEpochMilli(occ.getNominalStart()), LocalDate.parse(occ.getFirstDay()));
                    Occurrence occurrence = new Occurrence(occ.getSiteId(), o, period);
                    Occurrence.Judgement verdict = occurrence.judge(visits, calendar);
                    State state = verdict.met() ? State.MET : now >= occ.getPeriodEnd() ? State.MISSED : State.OPEN;
                    ZoneId zone = calendar.at(now).zone();
                    return new ObligationView(occurrence.id(), o.id(), o.kind().name(), modes(o), o.allModes(), o.count(), verdict.done(), state,
                            period.start(), period.end(), LocalTimes.format(period.start(), zone), LocalTimes.format(period.end(), zone),
                            occ.getPeriodEnd() - now, verdict.metAt().orElse(null));
                }));
    }

    /** The zone of the site's texts: its calendar's under the contract in force now, else where its KPI day begins. */
    static ZoneId zone(ContractBook book, Site record, long now) {
        return book.inForce(record.getContractId(), now).map(terms -> book.calendar(record, terms).at(now).zone())
                .orElseGet(() -> book.kpiZone(record.getContractId(), record.getSiteId(), now));
    }

    private static List<String> modes(Obligation o) {
        return o.modes().stream().map(Enum::name).sorted().toList();
    }

    private <V> List<V> bySite(String store, String siteId) {
        return bySite(stores, store, siteId);
    }

    /** A stage store's entries of one site: its keys start with the site id. */
    static <V> List<V> bySite(Stores stores, String store, String siteId) {
        return SiteEntries.values(stores.<V>get(store), siteId);
    }
}
