package com.schoolops.sla.site;

import com.schoolops.sla.avro.Device;
import com.schoolops.sla.avro.ServiceVisit;
import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.state.DayTelemetry;
import com.schoolops.sla.state.DeviceRemoved;
import com.schoolops.sla.state.InputPosition;
import com.schoolops.sla.state.LivenessChange;
import org.apache.kafka.streams.state.StoreBuilder;

import java.util.List;

/**
 * One concern of the site task (device health, ticket clocks, ...): the site task calls its stages in the order they
 * are wired, each input in turn, and their ticks. A stage hears only what it handles; what it ignores it leaves to
 * the defaults. What is site-wide (the calendar, the read marks and the watermark, the wall-clock tick, the outputs
 * and dead letters) is the site task's, reached through {@link Site}.
 */
public interface SiteStage extends HealthListener {
    /** A device's liveness changed, as the liveness stage tells it. */
    default void liveness(String siteId, LivenessChange change) {
    }

    /** A device registered, or its registration changed; {@code writtenAt} when the registration was written. */
    default void registered(Device device, long writtenAt) {
    }

    /** A device left its site; {@code writtenAt} when that was written. */
    default void removed(DeviceRemoved removed, long writtenAt) {
    }

    /** A ticket event, and where it was read on its own topic (for a dead letter; null where not known). */
    default void ticket(TicketEvent event, InputPosition readAt) {
    }

    /** A site's record was read (new, or changed); {@code writtenAt} when it was written. Read it again through {@link SiteView#site}. */
    default void siteRegistered(com.schoolops.sla.avro.Site site, long writtenAt) {
    }

    /** A site left the service (its site-registry tombstone); its record is gone from {@link SiteView#site} after every stage heard this. */
    default void siteLeft(String siteId, long writtenAt) {
    }

    /** A site's schedule was read from site-calendar (it replaces the whole schedule); {@code writtenAt} when it was written. */
    default void scheduleRead(String siteId, com.schoolops.sla.avro.SiteSchedule schedule, long writtenAt) {
    }

    /** A step of a service visit, of a site in site-registry (the site task refuses the others). */
    default void visit(ServiceVisit visit) {
    }

    /** A device's day is over for the liveness stage (or the device was decommissioned): what its heartbeats said that day. */
    default void dayTelemetry(String siteId, DayTelemetry day) {
    }

    /** The wall-clock tick, and a read mark that moved the site's watermark: what fell due up to it is judged now. */
    default void tick(long now) {
    }

    /** How a stage is made: the stores it owns (gathered by the site task's supplier) and how it opens in a task. */
    interface Plan {
        List<StoreBuilder<?>> stores(boolean caching);

        SiteStage open(Site site);

        static Plan of(java.util.function.Function<Boolean, List<StoreBuilder<?>>> stores, java.util.function.Function<Site, SiteStage> opener) {
            return new Plan() {
                @Override
                public List<StoreBuilder<?>> stores(boolean caching) {
                    return stores.apply(caching);
                }

                @Override
                public SiteStage open(Site site) {
                    return opener.apply(site);
                }
            };
        }
    }
}
