package com.schoolops.sla.ingest;

import com.schoolops.sla.avro.ScheduleWindow;
import com.schoolops.sla.avro.SiteSchedule;
import com.schoolops.sla.deadletter.InvalidInputException;
import com.schoolops.sla.policy.InputBounds;
import com.schoolops.sla.state.SiteEvent;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import java.util.List;

/** Checks a site's schedule and passes it on; a tombstone clears the site's schedule. */
public final class CalendarRouter implements Processor<String, SiteSchedule, String, SiteEvent> {
    private final InputBounds bounds;
    private ProcessorContext<String, SiteEvent> context;

    public CalendarRouter(InputBounds bounds) {
        this.bounds = bounds;
    }

    @Override
    public void init(ProcessorContext<String, SiteEvent> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, SiteSchedule> record) {
        if (record.key() == null) {
            throw new InvalidInputException("a site-calendar record must be keyed by siteId");
        }
        SiteSchedule schedule = record.value() != null ? record.value() : new SiteSchedule(record.key(), List.of());
        if (!record.key().equals(schedule.getSiteId())) {
            throw new InvalidInputException("site-calendar key '" + record.key() + "' differs from its siteId '" + schedule.getSiteId() + "'");
        }
        for (ScheduleWindow w : schedule.getWindows()) {
            if (w.getDeviceId() != null && (w.getDeviceId().isBlank() || w.getKind() != com.schoolops.sla.avro.WindowKind.MAINTENANCE)) {
                throw new InvalidInputException("window '" + w.getName() + "' of site " + schedule.getSiteId()
                        + ": only a MAINTENANCE window names a device, and by a non-empty deviceId");
            }
            if (w.getEnd() <= w.getStart()) {
                throw new InvalidInputException("window '" + w.getName() + "' of site " + schedule.getSiteId() + " ends before it starts");
            }
            bounds.checkWindow("window '" + w.getName() + "' of site " + schedule.getSiteId(), w.getStart(), w.getEnd(), context.currentSystemTimeMs());
        }
        context.forward(record.withValue(new SiteEvent(schedule)));
    }
}
