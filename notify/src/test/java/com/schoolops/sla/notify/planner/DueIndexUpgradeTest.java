package com.schoolops.sla.notify.planner;

import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.Notification;
import com.schoolops.sla.avro.NotificationKind;
import com.schoolops.sla.avro.SiteOutage;
import com.schoolops.sla.notify.routes.RoutesFile;
import com.schoolops.sla.serde.StateSerde;
import com.schoolops.sla.state.NotifyPage;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A notify of this release started on the state of 0.4.0, whose due index was {@code <13-digit ms>|siteId|pageId} text:
 * a page that was due under it is sent at its time, and the old entries are gone.
 */
class DueIndexUpgradeTest {
    static final String ROUTES = """
            defaults: {group_wait: 30s, repeat_interval: 10m}
            receivers:
              - {name: noc, webhook: {url: "http://localhost/noc"}}
            routes:
              - {name: default, receivers: [noc]}
            """;
    static final long DUE = Instant.parse("2026-03-02T01:00:30Z").toEpochMilli();

    final MockProcessorContext<String, Object> context = new MockProcessorContext<>();
    final KeyValueStore<String, NotifyPage> pages = store(PlannerStores.PAGES, Serdes.String(), new StateSerde<>(NotifyPage.class));
    final KeyValueStore<Bytes, byte[]> due = store(PlannerStores.DUE, Serdes.Bytes(), Serdes.ByteArray());
    final KeyValueStore<String, SiteOutage> outages = store(PlannerStores.OUTAGES, Serdes.String(), new StateSerde<>(SiteOutage.class));

    @Test
    void aPageDueUnderTheOldIndexIsSentAtItsTime() throws Exception {
        NotifyPage gathering = NotifyPage.newBuilder().setPageId("u-1").setSiteId("school-7").setHeadline(escalation()).setTier(1)
                .setOpenedAt(DUE - 30_000).setDueAt(DUE).build();
        pages.put("school-7|u-1", gathering);
        due.put(Bytes.wrap(String.format("%013d|%s", DUE, "school-7|u-1").getBytes(StandardCharsets.UTF_8)),
                "school-7|u-1".getBytes(StandardCharsets.UTF_8)); // as 0.4.0 wrote it (String serdes: UTF-8)

        NotificationPlanner planner = new NotificationPlanner(RoutesFile.parse(ROUTES, Map.of()), Duration.ofSeconds(1),
                Duration.ofHours(1), PlannerMetrics.unregistered());
        planner.init(context);
        assertEquals(1, entries().size(), "one entry, re-indexed");
        assertTrue(entries().get(0)[0] == 0, "as a timer: an 8-byte time first, not text");

        tick(DUE - 1);
        assertEquals(List.of(), sent(), "not before its time");
        tick(DUE);
        List<Notification> sent = sent();
        assertEquals(1, sent.size());
        assertEquals("noc", sent.get(0).getReceiver());
        assertEquals("u-1", sent.get(0).getNotificationId());
        assertEquals(NotificationKind.FIRING, sent.get(0).getKind());
    }

    void tick(long now) {
        context.setCurrentSystemTimeMs(now);
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(now);
    }

    List<Notification> sent() {
        List<Notification> out = new ArrayList<>();
        context.forwarded().forEach(f -> {
            assertEquals(NotificationPlanner.NOTIFICATIONS.node(), f.childName().orElseThrow());
            out.add((Notification) f.record().value());
        });
        context.resetForwards();
        return out;
    }

    List<byte[]> entries() {
        List<byte[]> keys = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = due.all()) {
            it.forEachRemaining(kv -> keys.add(kv.key.get()));
        }
        return keys;
    }

    static Escalation escalation() {
        return Escalation.newBuilder().setEscalationId("u-1").setType(EscalationType.SLA_BREACH).setTier(1).setSiteId("school-7")
                .setTicketId("t-1").setAt(DUE - 30_000).setMessage("breach").build();
    }

    <K, V> KeyValueStore<K, V> store(String name, org.apache.kafka.common.serialization.Serde<K> keys,
                                     org.apache.kafka.common.serialization.Serde<V> values) {
        KeyValueStore<K, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), keys, values).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }
}
