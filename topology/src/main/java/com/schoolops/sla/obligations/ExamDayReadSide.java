package com.schoolops.sla.obligations;

import com.schoolops.sla.avro.ServiceVisit;
import com.schoolops.sla.avro.Site;
import com.schoolops.sla.policy.CalendarTimeline;
import com.schoolops.sla.policy.ContractBook;
import com.schoolops.sla.policy.ContractReadSide;
import com.schoolops.sla.policy.MajorEventTerms;
import com.schoolops.sla.site.SiteStores;
import com.schoolops.sla.state.MajorEventReadiness;
import com.schoolops.sla.text.LocalTimes;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A site's next major event and how ready the service is for it (SPEC section 10), as readers outside the engine see it
 * (the query API, the console's site page): the event the exam-day stage holds that is running or comes first, its
 * pre-check judged as the stage judges it (the contract version in force at the window's start, the site's calendar,
 * the visits read so far), and the engineers checked in on standby now against the contract's minimum. (The site's
 * devices not UP, the third part of its readiness, are device health's: the query layer puts the two together.) Times
 * for people are local to the site's calendar, with its zone.
 */
public final class ExamDayReadSide {
    /** The pre-check at the instant read: met (when), still open, missed (its deadline passed), or impossible (the notice came after it). */
    public enum PrecheckState { MET, OPEN, MISSED, NOTICE_SHORT }

    /**
     * A site's next major event.
     *
     * @param event the running or next major event, or null when the site has none ahead that its contract promises readiness for
     */
    public record SiteEvent(String siteId, String contractId, String zone, EventView event) {
    }

    /**
     * One MAJOR_EVENT window of a site's calendar.
     *
     * @param eventId  {@code siteId|MAJOR_EVENT|start}, as the escalations about it name it
     * @param running  whether it has begun
     * @param precheck null when the contract promises none
     * @param standby  null when the contract promises none
     */
    public record EventView(String eventId, String name, Instant start, Instant end, String startLocal, String endLocal, boolean running,
                            Instant seenAt, String seenAtLocal, PrecheckView precheck, StandbyView standby) {
    }

    /** @param metAt the COMPLETED PRECHECK visit that met it, or null */
    public record PrecheckView(PrecheckState state, Instant deadline, String deadlineLocal, Instant metAt, String metAtLocal) {
    }

    /** @param onSite the engineers checked in now, by name */
    public record StandbyView(int minEngineers, List<String> onSite) {
    }

    private final KafkaStreams streams;
    private final ObligationReadSide.Stores stores;
    private final Supplier<ContractBook> contracts;

    public ExamDayReadSide(KafkaStreams streams, ContractReadSide contracts) {
        this(streams, new ObligationReadSide.Stores() {
            @Override
            public <V> ReadOnlyKeyValueStore<String, V> get(String name) {
                return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()));
            }
        }, contracts::contracts);
    }

    ExamDayReadSide(KafkaStreams streams, ObligationReadSide.Stores stores, Supplier<ContractBook> contracts) {
        this.streams = streams;
        this.stores = stores;
        this.contracts = contracts;
    }

    /** A site's next major event at {@code now}, or null when no task of this instance holds the site's record. */
    public SiteEvent site(String siteId, long now) {
        Site record = stores.<Site>get(SiteStores.REGISTRY).get(siteId);
        if (record == null) {
            return null;
        }
        ContractBook book = contracts.get();
        // one over stays in the store until the stage has read up to its end
        List<MajorEventReadiness> ahead = ObligationReadSide.<MajorEventReadiness>bySite(stores, ExamDayStage.EVENTS, siteId).stream()
                .filter(e -> e.getWindowEnd() > now && !e.getPublished().contains(ExamDayStage.CALLED_OFF)).toList(); // over, or called off: not shown
        EventView event = ahead.stream().min(Comparator.comparingLong(MajorEventReadiness::getWindowStart))
                .flatMap(e -> view(book, record, e, now)).orElse(null);
        return new SiteEvent(siteId, record.getContractId(), ObligationReadSide.zone(book, record, now).getId(), event);
    }

    /** Which instance holds a site's events (null or NOT_AVAILABLE while the group rebalances); its devices' health is in the same task. */
    public KeyQueryMetadata holderOfSite(String siteId) {
        return streams.queryMetadataForKey(ExamDayStage.EVENTS, siteId, Serdes.String().serializer());
    }

    /** An event judged as the stage judges it; none when its contract version is no longer known here or promises nothing. */
    private Optional<EventView> view(ContractBook book, Site record, MajorEventReadiness e, long now) {
        return book.inForce(e.getContractId(), e.getWindowStart()).flatMap(terms -> terms.contract().majorEventTerms()
                .filter(m -> m.precheck().isPresent() || m.minEngineers().isPresent())
                .map(m -> {
                    CalendarTimeline calendar = book.calendar(record, terms);
                    ZoneId zone = calendar.at(e.getWindowStart()).zone();
                    List<ServiceVisit> steps = ObligationReadSide.bySite(stores, ObligationStage.VISITS, e.getSiteId());
                    Visits visits = Visits.of(steps);
                    Instant start = Instant.ofEpochMilli(e.getWindowStart());
                    return new EventView(OccurrenceId.ofEvent(e.getSiteId(), start), e.getName(), start, Instant.ofEpochMilli(e.getWindowEnd()),
                            LocalTimes.format(e.getWindowStart(), zone), LocalTimes.format(e.getWindowEnd(), zone), now >= e.getWindowStart(),
                            Instant.ofEpochMilli(e.getSeenAt()), LocalTimes.format(e.getSeenAt(), zone),
                            precheck(e, m, calendar, visits, zone, now), standby(m, visits, now));
                }));
    }

    private static PrecheckView precheck(MajorEventReadiness e, MajorEventTerms m, CalendarTimeline calendar, Visits visits, ZoneId zone, long now) {
        return m.precheck().map(span -> {
            Precheck p = Precheck.of(e.getSiteId(), Instant.ofEpochMilli(e.getWindowStart()), Instant.ofEpochMilli(e.getSeenAt()), span, calendar);
            Optional<Instant> met = p.metAt(visits);
            PrecheckState state = p.noticeShort() ? PrecheckState.NOTICE_SHORT : met.isPresent() ? PrecheckState.MET
                    : now >= p.deadline().toEpochMilli() ? PrecheckState.MISSED : PrecheckState.OPEN;
            return new PrecheckView(state, p.deadline(), LocalTimes.format(p.deadline(), zone), met.orElse(null),
                    met.map(at -> LocalTimes.format(at, zone)).orElse(null));
        }).orElse(null);
    }

    private static StandbyView standby(MajorEventTerms m, Visits visits, long now) {
        if (m.minEngineers().isEmpty()) {
            return null;
        }
        return new StandbyView(m.minEngineers().getAsInt(), Standby.onSite(visits, Instant.ofEpochMilli(now)).stream().sorted().toList());
    }
}
