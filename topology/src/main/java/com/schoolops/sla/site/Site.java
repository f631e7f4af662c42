package com.schoolops.sla.site;

import com.schoolops.sla.avro.DeviceDay;
import com.schoolops.sla.avro.DeviceHealthChange;
import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.SiteOutage;
import com.schoolops.sla.avro.TicketStatusChange;
import com.schoolops.sla.deadletter.DeadLetter;
import com.schoolops.sla.state.KpiFact;
import com.schoolops.sla.timers.TaskWatermark;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * What the site task gives each of its stages: its task (for the stage's own stores), the site's watermark, a
 * read-only view of the sites, the outputs, and the listener that carries device health's news to every stage.
 */
public final class Site {
    private final ProcessorContext<String, Object> context;
    private final TaskWatermark watermark;
    private final SiteCalendar calendar;
    private final SiteRegistry registry;
    private final HealthListener stages;
    private SiteView.Devices devices = new SiteView.Devices() {
        @Override
        public SiteView.KnownDevice device(String siteId, String deviceId) {
            return null;
        }

        @Override
        public java.util.List<SiteView.KnownDevice> ofSite(String siteId) {
            return java.util.List.of();
        }
    };

    Site(ProcessorContext<String, Object> context, TaskWatermark watermark, SiteCalendar calendar, SiteRegistry registry, HealthListener stages) {
        this.context = context;
        this.watermark = watermark;
        this.calendar = calendar;
        this.registry = registry;
        this.stages = stages;
    }

    /** The task, for the stores a stage owns and its contract book. */
    public ProcessorContext<String, Object> context() {
        return context;
    }

    public long now() {
        return context.currentSystemTimeMs();
    }

    /** The instant up to which every input of the site's task has been read: no verdict is given past it. */
    public TaskWatermark watermark() {
        return watermark;
    }

    /** The sites as they are now: devices as device health judged them, calendars and site records as read. */
    public SiteView view() {
        // through the field: device health says where the devices are once it opens, after the stages before it took their view
        return new SiteView(new SiteView.Devices() {
            @Override
            public SiteView.KnownDevice device(String siteId, String deviceId) {
                return devices.device(siteId, deviceId);
            }

            @Override
            public java.util.List<SiteView.KnownDevice> ofSite(String siteId) {
                return devices.ofSite(siteId);
            }
        }, calendar, registry);
    }

    /** Device health, when it opens, says where the sites' devices are known. */
    public void knowDevicesBy(SiteView.Devices devices) {
        this.devices = devices;
    }

    /** Every stage, in the order they run: device health tells them what changed. */
    public HealthListener stages() {
        return stages;
    }

    public void publish(DeviceHealthChange change, long now) {
        SiteTask.HEALTH_CHANGES.send(context, new Record<>(change.getDeviceId(), change, now));
    }

    public void publish(String siteId, SiteOutage outage, long now) {
        SiteTask.OUTAGES.send(context, new Record<>(siteId, outage, now));
    }

    /** A device's day on device-daily, keyed {@code deviceId|YYYY-MM-DD}. */
    public void publish(String key, DeviceDay day, long now) {
        SiteTask.DEVICE_DAYS.send(context, new Record<>(key, day, now));
    }

    public void escalate(String key, Escalation escalation, long now) {
        SiteTask.ESCALATIONS.send(context, new Record<>(key, escalation, now));
    }

    public void publish(TicketStatusChange change, long now) {
        SiteTask.TICKET_STATUS.send(context, new Record<>(change.getTicketId(), change, now));
    }

    /** What counts in the KPIs, to the KPI stage. */
    public void count(KpiFact fact, long now) {
        SiteTask.KPI_FACTS.send(context, new Record<>(fact.getSiteId(), fact, now));
    }

    /** A refused input or a timer whose work kept failing, set aside on dead-letters. */
    public void setAside(String key, DeadLetter letter, long now) {
        SiteTask.DEAD_LETTERS.send(context, new Record<>(key, letter, now));
    }
}
