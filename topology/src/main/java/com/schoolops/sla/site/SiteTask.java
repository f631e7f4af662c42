package com.schoolops.sla.site;

import com.schoolops.sla.avro.Device;
import com.schoolops.sla.avro.DeviceDay;
import com.schoolops.sla.avro.DeviceHealthChange;
import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.ServiceVisit;
import com.schoolops.sla.avro.SiteOutage;
import com.schoolops.sla.avro.SiteSchedule;
import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.avro.TicketStatusChange;
import com.schoolops.sla.deadletter.DeadLetter;
import com.schoolops.sla.deadletter.RefusedVisit;
import com.schoolops.sla.deadletter.SourceHeaders;
import com.schoolops.sla.serde.StateStores;
import com.schoolops.sla.state.DayTelemetry;
import com.schoolops.sla.state.DeviceRemoved;
import com.schoolops.sla.state.KpiFact;
import com.schoolops.sla.state.LivenessChange;
import com.schoolops.sla.state.ReadMark;
import com.schoolops.sla.state.SiteEvent;
import com.schoolops.sla.state.SiteLeft;
import com.schoolops.sla.timers.InputWatermark;
import com.schoolops.sla.timers.ReadMarks;
import com.schoolops.sla.timers.TaskWatermark;
import com.schoolops.sla.wiring.Output;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The site task (input keyed by siteId, after the site-events repartition): one processor that owns what is
 * site-wide (the site calendar, the read marks and the site's watermark, the wall-clock tick, the outputs and dead
 * letters) and calls its stages ({@link SiteStage}) in the order they are wired: device health first, then the
 * ticket clocks. Each input and each tick goes to every stage in that order; device health's news reaches the stages
 * as it happens ({@link HealthListener}), before device health goes on.
 */
public final class SiteTask implements Processor<String, SiteEvent, String, Object>, SiteEvents.Handler<Record<String, SiteEvent>>, HealthListener {
    /** Where each output goes, one type each: the processor's children, named in the topology ({@link Output#checkWired}). */
    public static final Output<DeviceHealthChange> HEALTH_CHANGES = Output.to("site-task-to-device-health", DeviceHealthChange.class);
    public static final Output<SiteOutage> OUTAGES = Output.to("site-task-to-site-outages", SiteOutage.class);
    public static final Output<Escalation> ESCALATIONS = Output.to("site-task-to-sla-escalations", Escalation.class);
    /** Each ticket event accepted, and the ticket's status after it. */
    public static final Output<TicketStatusChange> TICKET_STATUS = Output.to("site-task-to-ticket-status", TicketStatusChange.class);
    /** Each device's local day, once it is over (device-daily). */
    public static final Output<DeviceDay> DEVICE_DAYS = Output.to("site-task-to-device-daily", DeviceDay.class);
    /** What counts in the KPIs, to the KPI stage. */
    public static final Output<KpiFact> KPI_FACTS = Output.to("site-task-to-kpi-facts", KpiFact.class);
    /** Refused ticket events and timers whose work kept failing, for dead-letters. */
    public static final Output<DeadLetter> DEAD_LETTERS = Output.to("site-task-to-dead-letters", DeadLetter.class);
    public static final List<Output<?>> OUTPUTS = List.of(HEALTH_CHANGES, OUTAGES, ESCALATIONS, TICKET_STATUS, DEVICE_DAYS, KPI_FACTS,
            DEAD_LETTERS);

    private final List<SiteStage.Plan> plans;
    private final InputWatermark inputWatermark;
    private final Duration tickInterval;

    private ProcessorContext<String, Object> context;
    private SiteCalendar calendar;
    private SiteRegistry registry;
    private ReadMarks marks;
    private final List<SiteStage> stages = new ArrayList<>();

    private SiteTask(List<SiteStage.Plan> plans, InputWatermark watermark, Duration tickInterval) {
        this.plans = plans;
        this.inputWatermark = watermark;
        this.tickInterval = tickInterval;
    }

    /** The site task with its own stores and those of its stages, which run in the order given. */
    public static ProcessorSupplier<String, SiteEvent, String, Object> supplier(InputWatermark watermark, Duration tickInterval, boolean caching,
                                                                               List<SiteStage.Plan> stages) {
        List<StoreBuilder<?>> stores = new ArrayList<>(List.of(SiteCalendar.store(caching), SiteRegistry.store(caching), ReadMarks.storeBuilder()));
        stages.forEach(stage -> stores.addAll(stage.stores(caching)));
        return StateStores.owning(() -> new SiteTask(stages, watermark, tickInterval), stores.toArray(StoreBuilder[]::new));
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.calendar = new SiteCalendar(context);
        this.registry = new SiteRegistry(context);
        this.marks = ReadMarks.of(context, inputWatermark);
        TaskWatermark watermark = new TaskWatermark(marks, context.taskId(),
                Math.max(2_000, 4 * tickInterval.toMillis()), true).observedBy(context);
        Site site = new Site(context, watermark, calendar, registry, this);
        stages.clear();
        plans.forEach(plan -> stages.add(plan.open(site)));
        context.schedule(tickInterval, PunctuationType.WALL_CLOCK_TIME, this::tick);
    }

    @Override
    public void process(Record<String, SiteEvent> record) {
        SiteEvents.deliver(record.value(), record, this);
    }

    /** Every stage, in order: what fell due up to the site's watermark is judged. */
    private void tick(long now) {
        stages.forEach(stage -> stage.tick(now));
    }

    @Override
    public void readMark(ReadMark mark, Record<String, SiteEvent> record) {
        long now = context.currentSystemTimeMs();
        long before = marks.readUpTo(now);
        marks.record(mark);
        if (marks.readUpTo(now) > before) { // most marks do not move the lowest one: no scan for them
            tick(now); // what fell due is judged now, not at the next tick
        }
    }

    @Override
    public void liveness(LivenessChange change, Record<String, SiteEvent> record) {
        stages.forEach(stage -> stage.liveness(record.key(), change));
    }

    @Override
    public void registered(Device device, Record<String, SiteEvent> record) {
        stages.forEach(stage -> stage.registered(device, record.timestamp()));
    }

    @Override
    public void removed(DeviceRemoved removed, Record<String, SiteEvent> record) {
        stages.forEach(stage -> stage.removed(removed, record.timestamp()));
    }

    @Override
    public void ticket(TicketEvent ticket, Record<String, SiteEvent> record) {
        var readAt = SourceHeaders.sourceOf(record.headers());
        stages.forEach(stage -> stage.ticket(ticket, readAt));
    }

    @Override
    public void schedule(SiteSchedule schedule, Record<String, SiteEvent> record) {
        calendar.read(record.key(), schedule);
        stages.forEach(stage -> stage.scheduleRead(record.key(), schedule, record.timestamp()));
    }

    @Override
    public void site(com.schoolops.sla.avro.Site site, Record<String, SiteEvent> record) {
        registry.read(site);
        stages.forEach(stage -> stage.siteRegistered(site, record.timestamp()));
    }

    @Override
    public void siteLeft(SiteLeft left, Record<String, SiteEvent> record) {
        stages.forEach(stage -> stage.siteLeft(left.getSiteId(), record.timestamp()));
        registry.left(left.getSiteId());
    }

    /**
     * A visit of a site not in site-registry is refused. A visit read before its site's record (the two topics are read
     * in time order, not in order of writing) is refused too: the operator writes it again once the site is there.
     */
    @Override
    public void visit(ServiceVisit visit, Record<String, SiteEvent> record) {
        if (registry.site(record.key()) == null) {
            DEAD_LETTERS.send(context, new Record<>(record.key(), new RefusedVisit(record.key(),
                    "visit " + visit.getVisitId() + " " + visit.getType() + ": site " + record.key() + " is not in site-registry",
                    visit, SourceHeaders.sourceOf(record.headers())), context.currentSystemTimeMs()));
            return;
        }
        stages.forEach(stage -> stage.visit(visit));
    }

    @Override
    public void dayTelemetry(DayTelemetry day, Record<String, SiteEvent> record) {
        stages.forEach(stage -> stage.dayTelemetry(record.key(), day));
    }

    @Override
    public void healthChanged(DeviceHealthChange change, String contractId) {
        stages.forEach(stage -> stage.healthChanged(change, contractId));
    }

    @Override
    public void deviceLeft(String siteId, String deviceId) {
        stages.forEach(stage -> stage.deviceLeft(siteId, deviceId));
    }
}
