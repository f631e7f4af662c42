package com.schoolops.sla.notify.planner;

import com.schoolops.sla.avro.SiteOutage;
import com.schoolops.sla.state.NotifyPage;
import com.schoolops.sla.timers.TimerKeys;
import com.schoolops.sla.timers.TimerService;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongUnaryOperator;

/**
 * notify's open pages, in three changelogged stores: the pages by {@code siteId|pageId} (a site's pages are one prefix
 * scan: every signal is about one site), each site's open outage, and the pages' timers ({@link TimerService}, the
 * engine's: time-ordered, so a tick reads only what is due, at most a cap a tick, retried and set aside on dead-letters
 * when their work keeps failing). A page's timer is current while the page is due at its time; moved or closed, the
 * old entry is dropped unread when it falls due.
 */
final class Pages {
    /** The one kind of notify's timers: a page's next step (send, repeat). Its tag is in the changelog: it never changes. */
    static final TimerKeys<PageKey> TIMER_KEYS = TimerKeys.of(new TimerKeys.Kind<>('p', "page", PageKey::ofTimerId), PageKey::timerId);

    private final KeyValueStore<String, NotifyPage> pages;
    private final KeyValueStore<String, SiteOutage> outages;
    private final TimerService<PageKey> timers;

    /** notify runs on the wall clock: everything read is current, so what is due at {@code now} is due. */
    Pages(ProcessorContext<?, ?> context, TimerService.DeadLetters deadLetters) {
        this.pages = context.getStateStore(PlannerStores.PAGES);
        this.outages = context.getStateStore(PlannerStores.OUTAGES);
        this.timers = TimerService.open(context, PlannerStores.DUE, TIMER_KEYS, LongUnaryOperator.identity(), this::dueAt, deadLetters);
        reindexRelease040(context.getStateStore(PlannerStores.DUE));
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
        try (KeyValueIterator<String, NotifyPage> it = pages.prefixScan(siteId + "|", Serdes.String().serializer())) {
            it.forEachRemaining(kv -> out.add(kv.value));
        }
        return out;
    }

    /** Writes the page, with a timer at its due time when that changed ({@code previousDueAt}: when it was due before). */
    void save(NotifyPage page, Long previousDueAt) {
        if (page.getDueAt() != null && !page.getDueAt().equals(previousDueAt)) {
            timers.schedule(PageKey.of(page), page.getDueAt());
        }
        pages.put(key(page), page);
    }

    /** The page is over: its timer, if any, is stale from now on. */
    void delete(NotifyPage page) {
        pages.delete(key(page));
    }

    /** Gives {@code step} each page due at or before {@code now}, earliest first. */
    void runDue(long now, Consumer<NotifyPage> step) {
        timers.runDue(now, upTo -> (key, time) -> step.accept(pages.get(key.text())));
    }

    /** Where a page's timer sits: its due time; null when it is gone or waits for nothing. */
    private Long dueAt(PageKey key) {
        NotifyPage page = pages.get(key.text());
        return page == null ? null : page.getDueAt();
    }

    static String key(NotifyPage page) {
        return PageKey.of(page).text();
    }

    /**
     * Release 0.4.0 kept its own due index in this store: key {@code <13-digit ms>|siteId|pageId}, value the page's key,
     * both UTF-8 text. Their keys start with an ASCII digit, where a timer's 8-byte time starts with 0 for thousands of
     * years; each is re-indexed as the page's timer at its time and removed (a page gone since is left out). Runs at
     * every start, and finds nothing once done.
     */
    private void reindexRelease040(KeyValueStore<Bytes, byte[]> store) {
        List<KeyValue<Bytes, byte[]>> old = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = store.range(Bytes.wrap(new byte[]{'0'}), Bytes.wrap(new byte[]{'9' + 1}))) {
            it.forEachRemaining(old::add);
        }
        for (KeyValue<Bytes, byte[]> entry : old) {
            store.delete(entry.key);
            String text = new String(entry.key.get(), StandardCharsets.UTF_8);
            NotifyPage page = pages.get(new String(entry.value, StandardCharsets.UTF_8));
            if (page != null && text.length() > 13 && text.charAt(13) == '|') {
                timers.schedule(PageKey.of(page), Long.parseLong(text.substring(0, 13)));
            }
        }
    }
}
