package com.schoolops.sla.site;

import com.schoolops.sla.avro.Device;
import com.schoolops.sla.avro.DeviceHeartbeat;
import com.schoolops.sla.avro.ServiceVisit;
import com.schoolops.sla.avro.SiteSchedule;
import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.state.DayTelemetry;
import com.schoolops.sla.state.DeviceRemoved;
import com.schoolops.sla.state.LivenessChange;
import com.schoolops.sla.state.ReadMark;
import com.schoolops.sla.state.SiteEvent;
import com.schoolops.sla.state.SiteLeft;
import org.apache.avro.specific.SpecificRecord;

/**
 * The one place the {@code site-events} envelope's union is told apart: each kind goes to its own method of a
 * {@link Handler}, so a stage handles every kind or says it ignores it, and a kind added to the envelope (schemas/internal/SiteEvent.avsc)
 * fails loudly here rather than passing unnoticed.
 */
public final class SiteEvents {
    private SiteEvents() {
    }

    /** A stage of the sites, one method per kind of site event; {@code R} is what it needs of the record (its key, its time). */
    public interface Handler<R> {
        void liveness(LivenessChange change, R record);

        void registered(Device device, R record);

        void removed(DeviceRemoved removed, R record);

        void ticket(TicketEvent ticket, R record);

        void schedule(SiteSchedule schedule, R record);

        void readMark(ReadMark mark, R record);

        void site(com.schoolops.sla.avro.Site site, R record);

        void siteLeft(SiteLeft left, R record);

        void visit(ServiceVisit visit, R record);

        void dayTelemetry(DayTelemetry day, R record);
    }

    public static <R> void deliver(SiteEvent event, R record, Handler<R> handler) {
        Object e = event.getEvent();
        if (e instanceof LivenessChange change) {
            handler.liveness(change, record);
        } else if (e instanceof Device device) {
            handler.registered(device, record);
        } else if (e instanceof DeviceRemoved removed) {
            handler.removed(removed, record);
        } else if (e instanceof TicketEvent ticket) {
            handler.ticket(ticket, record);
        } else if (e instanceof SiteSchedule schedule) {
            handler.schedule(schedule, record);
        } else if (e instanceof ReadMark mark) {
            handler.readMark(mark, record);
        } else if (e instanceof com.schoolops.sla.avro.Site site) {
            handler.site(site, record);
        } else if (e instanceof SiteLeft left) {
            handler.siteLeft(left, record);
        } else if (e instanceof ServiceVisit visit) {
            handler.visit(visit, record);
        } else if (e instanceof DayTelemetry day) {
            handler.dayTelemetry(day, record);
        } else {
            throw new IllegalArgumentException("a site event of a kind no stage knows: " + (e == null ? "null" : e.getClass().getName()));
        }
    }

    /** The liveness stage: its input is the heartbeats and the site events routed through it, merged. */
    public interface LivenessHandler<R> {
        void heartbeat(DeviceHeartbeat heartbeat, R record);

        void routed(SiteEvent event, R record);
    }

    /** Each record of the liveness stage's input to its method (a null value is a heartbeat's tombstone, which its checks refuse). */
    public static <R> void deliverToLiveness(SpecificRecord value, R record, LivenessHandler<R> handler) {
        if (value instanceof SiteEvent event) {
            handler.routed(event, record);
        } else {
            handler.heartbeat((DeviceHeartbeat) value, record);
        }
    }
}
