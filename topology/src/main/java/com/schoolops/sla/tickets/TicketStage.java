package com.schoolops.sla.tickets;

import com.schoolops.sla.avro.DeviceHealthChange;
import com.schoolops.sla.avro.ScheduleWindow;
import com.schoolops.sla.avro.SiteSchedule;
import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.avro.WindowKind;
import com.schoolops.sla.escalation.Escalations;
import com.schoolops.sla.policy.ContractBook;
import com.schoolops.sla.policy.Policies;
import com.schoolops.sla.site.Site;
import com.schoolops.sla.site.SiteStage;
import com.schoolops.sla.site.SiteView;
import com.schoolops.sla.state.InputPosition;
import com.schoolops.sla.timers.TaskWatermark;
import com.schoolops.sla.timers.TimerService;
import org.apache.kafka.streams.state.StoreBuilder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The ticket stage of the site task, after device health: ticket events and device health's changes in;
 * {@link com.schoolops.sla.avro.Escalation}s, KPI facts and dead letters out, through the site task. Four concerns,
 * each with its own stores: the ticket clocks ({@link TicketBook}), the join with device health
 * ({@link TelemetryJoin}), the tickets parked at a cold start ({@link ColdStartParking}), and the devices that fail
 * too often ({@link RepeatFailures}: tickets and DOWN verdicts together). It sees the sites
 * through the site task's read-only {@link SiteView}. Their deadlines share one index, fired at the site task's ticks
 * up to the site's watermark.
 */
public final class TicketStage implements SiteStage {
    private final Site site;
    private final TimerService<TicketTimer> timers;
    private final TaskWatermark watermark;
    private final TicketOutputs outputs;
    private final TicketBook tickets;
    private final TelemetryJoin telemetry;
    private final ColdStartParking parking;
    private final RepeatFailures repeatFailures;

    private TicketStage(Site site, Policies policies, Duration unticketedGrace, String ticketTopic) {
        this.site = site;
        SiteView sites = site.view();
        this.watermark = site.watermark();
        this.timers = TimerService.open(site.context(), TicketStores.DEADLINES, TicketTimer.KEYS, watermark::readUpTo, this::indexedAt, site::setAside)
                .live(watermark.live());
        ContractBook contracts = ContractBook.open(site.context(), policies);
        Escalations escalations = new Escalations(contracts);
        this.outputs = new TicketOutputs(site);
        this.tickets = new TicketBook(site.context(), new TicketLifecycle(contracts), contracts, sites, timers, watermark, outputs, ticketTopic,
                ResolvedWhileDown.of(sites, escalations));
        this.telemetry = new TelemetryJoin(sites, escalations, timers, outputs, unticketedGrace, tickets);
        this.parking = new ColdStartParking(site.context(), sites, timers, watermark);
        this.repeatFailures = new RepeatFailures(site.context(), tickets, sites, contracts, escalations);
        tickets.onOpened(repeatFailures::opened);
    }

    /** The stage with the stores its parts own and their deadline index. */
    public static SiteStage.Plan plan(Policies policies, Duration unticketedGrace, String ticketTopic) {
        return SiteStage.Plan.of(caching -> {
            List<StoreBuilder<?>> stores = new ArrayList<>(TicketBook.stores(caching));
            stores.addAll(ColdStartParking.stores(caching));
            stores.addAll(RepeatFailures.stores(caching));
            stores.add(TimerService.store(TicketStores.DEADLINES, caching));
            return stores;
        }, site -> new TicketStage(site, policies, unticketedGrace, ticketTopic));
    }

    @Override
    public void ticket(TicketEvent event, InputPosition readAt) {
        long now = site.now();
        if (!parking.parks(event, readAt, now, tickets::knows)) {
            tickets.onTicket(event, readAt, now);
        }
    }

    @Override
    public void healthChanged(DeviceHealthChange change, String contractId) {
        telemetry.onHealthChange(change, site.now());
        repeatFailures.healthChanged(change, contractId).ifPresent(e -> outputs.escalate(List.of(e), site.now()));
    }

    @Override
    public void deviceLeft(String siteId, String deviceId) {
        repeatFailures.left(siteId, deviceId);
    }

    @Override
    public void siteLeft(String siteId, long writtenAt) {
        repeatFailures.siteLeft(siteId);
    }

    /**
     * A site's schedule: each MAJOR_EVENT window not over gets a timer at its start (or now, for one published after it
     * started), which brings the site's tickets to it, so those open then are held to the event's targets (SPEC section
     * 10) though no event of theirs is read.
     */
    @Override
    public void scheduleRead(String siteId, SiteSchedule schedule, long writtenAt) {
        for (ScheduleWindow w : schedule.getWindows()) {
            if (w.getKind() == WindowKind.MAJOR_EVENT && w.getDeviceId() == null && w.getEnd() > writtenAt) {
                timers.schedule(TicketTimer.eventStart(siteId, w.getStart()), Math.max(w.getStart(), writtenAt));
            }
        }
    }

    /** Every deadline due up to the site's watermark, so no clock breaches on events not read yet. */
    @Override
    public void tick(long now) {
        timers.runDue(now, readUpTo -> (timer, due) -> {
            if (timer.kind() == TicketTimer.CLOCKS) {
                tickets.onDue(timer.ticketId(), readUpTo, now);
            } else if (timer.kind() == TicketTimer.EVENT_START) {
                tickets.ticketsOf(timer.siteId()).forEach(ticketId -> tickets.onDue(ticketId, readUpTo, now));
            } else if (timer.kind() == TicketTimer.UNTICKETED) {
                telemetry.checkUnticketed(timer.siteId(), timer.deviceId(), due, now);
            } else {
                parking.release(timer.ticketId()).forEach(p -> tickets.onTicket(p.event(), p.readAt(), now));
            }
        });
    }

    /** Where a timer's subject sits: a ticket's clocks under its next check (a settled ticket nowhere); the others' every entry counts. */
    private Long indexedAt(TicketTimer timer) {
        return timer.kind() == TicketTimer.CLOCKS ? tickets.checkAt(timer.ticketId()) : TimerService.EVERY_ENTRY;
    }
}
