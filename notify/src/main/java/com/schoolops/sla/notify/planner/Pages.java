package com.schoolops.sla.notify.planner;

import com.schoolops.sla.avro.SiteOutage;
import com.schoolops.sla.state.NotifyPage;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.ArrayList;
import java.util.List;

/**
 * notify's open pages, in three changelogged stores: the pages by {@code siteId|pageId} (a site's pages are one prefix
 * scan: every signal is about one site), each site's open outage, and an index by due time, {@code <13-digit ms>|siteId|pageId}, in the manner
 * of Kafka Streams' own time-ordered suppression buffer, so that a tick reads only what is due.
 */
final class Pages {
    static final String PAGES_STORE = "notify-pages-store";
    static final String DUE_STORE = "notify-due-store";
    static final String OUTAGES_STORE = "notify-outages-store";

    private final KeyValueStore<String, NotifyPage> pages;
    private final KeyValueStore<String, String> due;
    private final KeyValueStore<String, SiteOutage> outages;

    Pages(KeyValueStore<String, NotifyPage> pages, KeyValueStore<String, String> due, KeyValueStore<String, SiteOutage> outages) {
        this.pages = pages;
        this.due = due;
        this.outages = outages;
    }

    /**
     * The site's outage as last heard, until it ends: the engine writes a SITE_OUTAGE escalation and its STARTED record
     * to two topics, which reach notify in either order.
     */
    SiteOutage outage(String siteId) {
        return outages.get(siteId);
    }

    void outageHeard(SiteOutage o) {
        if (o.getState() == com.schoolops.sla.avro.OutageState.ENDED) {
            outages.delete(o.getSiteId());
        } else {
            outages.put(o.getSiteId(), o);
        }
    }

    List<NotifyPage> ofSite(String siteId) {
        List<NotifyPage> out = new ArrayList<>();
        try (KeyValueIterator<String, NotifyPage> it = pages.prefixScan(siteId + "|", org.apache.kafka.common.serialization.Serdes.String().serializer())) {
            it.forEachRemaining(kv -> out.add(kv.value));
        }
        return out;
    }

    NotifyPage get(String pageKey) {
        return pages.get(pageKey);
    }

    /** Writes the page, moving its entry in the due index when its due time changed. */
    void save(NotifyPage page, Long previousDueAt) {
        if (previousDueAt != null && !previousDueAt.equals(page.getDueAt())) {
            due.delete(dueKey(previousDueAt, page));
        }
        if (page.getDueAt() != null) {
            due.put(dueKey(page.getDueAt(), page), key(page));
        }
        pages.put(key(page), page);
    }

    void delete(NotifyPage page) {
        if (page.getDueAt() != null) {
            due.delete(dueKey(page.getDueAt(), page));
        }
        pages.delete(key(page));
    }

    /** The keys of the pages due at or before {@code now}, earliest first, taken out of the index. */
    List<String> takeDue(long now) {
        List<KeyValue<String, String>> taken = new ArrayList<>();
        try (KeyValueIterator<String, String> it = due.range(dueKey(0, ""), dueKey(now, "\uffff"))) {
            it.forEachRemaining(taken::add);
        }
        taken.forEach(kv -> due.delete(kv.key));
        return taken.stream().map(kv -> kv.value).toList();
    }

    static String key(NotifyPage page) {
        return page.getSiteId() + "|" + page.getPageId();
    }

    private static String dueKey(long at, NotifyPage page) {
        return dueKey(at, key(page));
    }

    private static String dueKey(long at, String pageKey) {
        return String.format("%013d|%s", at, pageKey);
    }
}
