package com.schoolops.sla.policy;

import com.schoolops.sla.avro.ContractHistory;
import com.schoolops.sla.avro.ContractVersion;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.util.List;
import java.util.Map;

/**
 * The contracts and calendars through their versions as readers outside the engine see them (the query API): this
 * instance's copy of the global store of versions (every instance holds all), over the policies file.
 */
public final class ContractReadSide {
    private final KafkaStreams streams;
    private final Policies policies;

    public ContractReadSide(KafkaStreams streams, Policies policies) {
        this.streams = streams;
        this.policies = policies;
    }

    /** A contract as it is in force: its calendar, its quality targets (percent, by SlaKpi field), its version and how many it has. */
    public record ContractInForce(String contractId, String calendarId, Map<String, Double> kpiTargets, int version, int versions) {
    }

    /** A calendar in use: its zone, how many versions it has, the years it lists holidays for. */
    public record CalendarInUse(String calendarId, String zone, int versions, List<Integer> holidayYears) {
    }

    /** The calendars in use at {@code at}, and a line per calendar and year without holidays (for the console's banner). */
    public record CalendarsInUse(List<CalendarInUse> items, List<String> warnings) {
    }

    /**
     * What a ticket's severity may be under one version of a contract: its severities, in the file's order, and the one
     * a fault report that names none is opened at (null: the contract sets none, a report must name one).
     */
    public record SeverityTerms(String contractId, int version, List<String> severities, String reportSeverity) {
        public static SeverityTerms of(ContractBook.Terms terms) {
            Contract c = terms.contract();
            return new SeverityTerms(c.id(), terms.version(), List.copyOf(c.severities().keySet()), c.reportSeverity().orElse(null));
        }
    }

    /** The severity terms of the version of {@code contractId} in force at {@code at}; empty for a contract not known. */
    public java.util.Optional<SeverityTerms> severitiesInForce(String contractId, long at) {
        return contracts().inForce(contractId, at).map(SeverityTerms::of);
    }

    /** The severity terms of one version of {@code contractId} (null: version 1), as a ticket opened under it is judged by. */
    public java.util.Optional<SeverityTerms> severitiesOf(String contractId, Integer version) {
        return contracts().version(contractId, version).map(SeverityTerms::of);
    }

    /** Every contract with the version in force at {@code at}, by id. */
    public List<ContractInForce> contractsInForce(long at) {
        ContractBook book = contracts();
        return book.contractIds().stream().sorted().map(id -> {
            ContractBook.Terms terms = book.inForce(id, at).orElseThrow();
            return new ContractInForce(id, terms.contract().calendarId(), terms.contract().kpiTargets(), terms.version(), versionCount(id));
        }).toList();
    }

    /** The calendars the contracts in force at {@code at} use, each as in force then, and the holiday warnings. */
    public CalendarsInUse calendarsInUse(long at) {
        return calendarsInUse(at, id -> true);
    }

    /** The same, of the calendars {@code shown} keeps only (those a user with a scope may read), and their warnings. */
    public CalendarsInUse calendarsInUse(long at, java.util.function.Predicate<String> shown) {
        ContractBook book = contracts();
        List<CalendarInUse> items = book.calendarsInUse(at).stream().filter(shown).map(id -> {
            var calendar = book.timeline(id).at(at);
            return new CalendarInUse(id, calendar.zone().getId(), versionCount(id),
                    calendar.holidays().stream().map(java.time.LocalDate::getYear).distinct().sorted().toList());
        }).toList();
        return new CalendarsInUse(items, items.stream().flatMap(c -> book.holidayWarnings(c.calendarId(), at).stream()).toList());
    }

    private int versionCount(String id) {
        ContractHistory history = versions(id);
        return history == null ? 1 : history.getVersions().size();
    }

    /** The contracts and calendars through their versions, for the stages' read sides (clock readings judge by them). */
    public ContractBook contracts() {
        return ContractBook.over(policies, versions());
    }

    /** Every version of a contract or calendar, oldest first (the policies file's version 1 where the topic has none yet), or null. */
    public ContractHistory versions(String id) {
        ContractHistory history = versions().get(id);
        if (history != null) {
            return history;
        }
        return policies.documents().stream().filter(d -> d.id().equals(id)).findFirst()
                .map(d -> new ContractHistory(id, d.kind(), List.of(ContractVersion.newBuilder().setVersion(1).setInForceFrom(Long.MIN_VALUE)
                        .setDocument(d.json().toString()).setRecordedAt(0).setNote("the policies file").build())))
                .orElse(null);
    }

    private ReadOnlyKeyValueStore<String, ContractHistory> versions() {
        return streams.store(StoreQueryParameters.fromNameAndType(PolicyStores.CONTRACT_VERSIONS, QueryableStoreTypes.keyValueStore()));
    }
}
