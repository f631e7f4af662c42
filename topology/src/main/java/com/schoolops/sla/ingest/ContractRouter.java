package com.schoolops.sla.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.schoolops.sla.avro.ContractChange;
import com.schoolops.sla.avro.ContractHistory;
import com.schoolops.sla.avro.ContractKind;
import com.schoolops.sla.avro.ContractVersion;
import com.schoolops.sla.deadletter.InvalidInputException;
import com.schoolops.sla.policy.Contract;
import com.schoolops.sla.policy.ContractBook;
import com.schoolops.sla.policy.HolidayCoverage;
import com.schoolops.sla.policy.Policies;
import com.schoolops.sla.policy.PolicyException;
import com.schoolops.sla.serde.StateStores;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Accepts a new version of a contract or calendar from {@code sla-contracts}: checks it as the policies file is
 * checked (a bad one is refused with the same one-line reason, and the version in force stays), numbers it, and
 * publishes the id's whole history to {@code sla-contract-versions}, which every instance reads into its
 * {@link ContractBook}. The policies file is version 1 of each of its ids; a value identical to the newest version
 * is no change, nor is the file seeded at a restart (every instance seeds it at start) when its document is already
 * one of the id's versions.
 */
public final class ContractRouter implements Processor<String, ContractChange, String, ContractHistory> {
    private static final Logger log = LoggerFactory.getLogger(ContractRouter.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Policies policies;
    private ProcessorContext<String, ContractHistory> context;
    private KeyValueStore<String, ContractHistory> histories;
    private ContractBook book;

    public ContractRouter(Policies policies) {
        this.policies = policies;
    }

    public static ProcessorSupplier<String, ContractChange, String, ContractHistory> supplier(Policies policies, Serde<ContractHistory> serde,
                                                                                             boolean caching) {
        return StateStores.owning(() -> new ContractRouter(policies), StateStores.keyed(IngestStores.CONTRACT_HISTORIES, Serdes.String(), serde, caching));
    }

    @Override
    public void init(ProcessorContext<String, ContractHistory> context) {
        this.context = context;
        this.histories = context.getStateStore(IngestStores.CONTRACT_HISTORIES);
        this.book = ContractBook.open(context, policies);
        // At start: the calendars in use without this year's (or, from December, next year's) holidays. Said by the
        // task of the first partition only, so an instance says it once, not once per task.
        if (context.taskId().partition() == 0) {
            book.holidayWarnings(context.currentSystemTimeMs()).forEach(log::warn);
        }
    }

    @Override
    public void process(Record<String, ContractChange> record) {
        ContractChange change = record.value();
        if (change == null) {
            throw new InvalidInputException("sla-contracts: " + record.key() + ": a contract or calendar is never deleted (tickets may still "
                    + "be judged by it): publish a new version instead");
        }
        String where = "sla-contracts: " + change.getKind().name().toLowerCase() + " " + change.getId();
        if (record.key() == null || !record.key().equals(change.getId())) {
            throw new InvalidInputException(where + ": the record's key '" + record.key() + "' differs from its id");
        }
        JsonNode document = check(where, change);
        ContractHistory history = historyOf(change.getId(), change.getKind(), record.timestamp());
        if (history.getKind() != change.getKind()) {
            throw new InvalidInputException(where + ": '" + change.getId() + "' is a " + history.getKind().name().toLowerCase()
                    + "; an id names one contract or one calendar");
        }
        List<ContractVersion> versions = new ArrayList<>(history.getVersions());
        String text = document.toString();
        ContractVersion newest = versions.isEmpty() ? null : versions.get(versions.size() - 1);
        // A value equal to the newest version is no change (written twice). The policies file seeded at a restart is
        // no change either if any version already had its document: else a restart would undo a change made on the topic.
        boolean known = change.getFromPoliciesFile() ? versions.stream().anyMatch(v -> v.getDocument().equals(text))
                : newest != null && newest.getDocument().equals(text);
        if (known) {
            if (histories.get(change.getId()) == null) {
                publish(record, history); // the file's version 1, now on the topic too
            }
            return;
        }
        long inForceFrom = newest == null ? Long.MIN_VALUE
                : Math.max(Optional.ofNullable(change.getEffectiveFrom()).orElse(record.timestamp()), record.timestamp());
        if (newest != null && inForceFrom < newest.getInForceFrom()) {
            throw new InvalidInputException(where + ": would take effect at " + Instant.ofEpochMilli(inForceFrom) + ", before version "
                    + newest.getVersion() + " (in force from " + Instant.ofEpochMilli(newest.getInForceFrom()) + "): versions take effect in order");
        }
        int number = newest == null ? 1 : newest.getVersion() + 1;
        versions.add(ContractVersion.newBuilder().setVersion(number).setInForceFrom(inForceFrom).setDocument(text)
                .setRecordedAt(record.timestamp()).setActor(change.getActor()).setNote(change.getNote()).build());
        history.setVersions(versions);
        log.info("{}: version {} accepted, in force from {}", where, number,
                inForceFrom == Long.MIN_VALUE ? "the beginning" : Instant.ofEpochMilli(inForceFrom));
        if (change.getKind() == ContractKind.CALENDAR) {
            // The years this version will count: from now, or from when it takes over if that is later.
            Instant counting = Instant.ofEpochMilli(Math.max(context.currentSystemTimeMs(), inForceFrom));
            HolidayCoverage.warnings(Policies.readCalendar(where, document), counting).forEach(log::warn);
        }
        publish(record, history);
    }

    private void publish(Record<String, ContractChange> record, ContractHistory history) {
        histories.put(history.getId(), history);
        context.forward(record.withValue(history));
    }

    /** The document, read and checked as the policies file's entries are. */
    private JsonNode check(String where, ContractChange change) {
        JsonNode document;
        try {
            document = JSON.readTree(change.getDocument());
        } catch (IOException e) {
            throw new InvalidInputException(where + ": document is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (document == null || !document.isObject() || !change.getId().equals(document.path("id").asText())) {
            throw new InvalidInputException(where + ": document must be a JSON object whose \"id\" is '" + change.getId() + "'");
        }
        try {
            if (change.getKind() == ContractKind.CALENDAR) {
                Policies.readCalendar("sla-contracts", document);
            } else {
                Contract contract = Policies.readContract("sla-contracts", document);
                if (!knownCalendar(contract.calendarId())) {
                    throw new PolicyException(where + ": calendar: no calendar '" + contract.calendarId() + "'");
                }
            }
        } catch (PolicyException e) {
            throw new InvalidInputException(e.getMessage());
        }
        return document;
    }

    private boolean knownCalendar(String id) {
        ContractHistory own = histories.get(id);
        return own != null ? own.getKind() == ContractKind.CALENDAR : book.hasCalendar(id);
    }

    /** The id's versions so far: this task's, else the policies file's version 1, else none. */
    private ContractHistory historyOf(String id, ContractKind kind, long now) {
        ContractHistory own = histories.get(id);
        if (own != null) {
            return own;
        }
        List<ContractVersion> versions = new ArrayList<>();
        Optional<Policies.Document> seed = policies.documents().stream().filter(d -> d.id().equals(id)).findFirst();
        seed.ifPresent(d -> versions.add(ContractVersion.newBuilder().setVersion(1).setInForceFrom(Long.MIN_VALUE)
                .setDocument(d.json().toString()).setRecordedAt(now).setNote("the policies file").build()));
        return new ContractHistory(id, seed.map(Policies.Document::kind).orElse(kind), versions);
    }
}
