package com.schoolops.sla.site;

import com.schoolops.sla.avro.SiteSchedule;
import com.schoolops.sla.serde.StateStores;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/** Each site's calendar (maintenance windows, major events), as last read from site-calendar: the site task's own. */
final class SiteCalendar {
    private final KeyValueStore<String, SiteSchedule> calendars;

    SiteCalendar(ProcessorContext<?, ?> context) {
        this.calendars = context.getStateStore(SiteStores.CALENDARS);
    }

    static StoreBuilder<?> store(boolean caching) {
        return StateStores.of(SiteStores.CALENDARS, SiteSchedule.class, caching);
    }

    /** A schedule with no windows is no schedule: the site's entry goes. */
    void read(String siteId, SiteSchedule schedule) {
        if (schedule.getWindows().isEmpty()) {
            calendars.delete(siteId);
        } else {
            calendars.put(siteId, schedule);
        }
    }

    SiteSchedule schedule(String siteId) {
        return calendars.get(siteId);
    }
}
