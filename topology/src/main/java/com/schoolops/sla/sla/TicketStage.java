package com.schoolops.sla.sla;

import com.schoolops.sla.avro.DeviceHealthChange;
import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.escalation.Escalations;
import com.schoolops.sla.policy.ContractBook;
import com.schoolops.sla.policy.Policies;
import com.schoolops.sla.site.Site;
import com.schoolops.sla.site.SiteStage;
import com.schoolops.sla.site.SiteView;
import com.schoolops.sla.state.InputPosition;
import com.schoolops.sla.timers.DeadlineIndex;
import com.schoolops.sla.timers.TaskWatermark;
import com.schoolops.sla.timers.Timer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The ticket stage of the site task, after device health: ticket events and device health's changes in;
 * {@link com.schoolops.sla.avro.Escalation}s, KPI facts and dead letters out, through the site task. Three concerns,
 * each with its own stores: the ticket clocks ({@link TicketBook}), the join with device health
 * ({@link TelemetryJoin}), and the tickets parked at a cold start ({@link ColdStartParking}). It sees the sites
 * through the site task's read-only {@link SiteView}. Their deadlines share one index, fired at the site task's ticks
 * up to the site's watermark.
 */
public final class TicketStage implements SiteStage {
    private final Site site;
    private final DeadlineIndex deadlines;
    private final TaskWatermark watermark;
    private final TicketOutputs outputs;
    private final TicketBook tickets;
    private final TelemetryJoin telemetry;
    private final ColdStartParking parking;

    private TicketStage(Site site, Policies policies, Duration unticketedGrace, String ticketTopic) {
        this.site = site;
        SiteView sites = site.view();
        KeyValueStore<Bytes, byte[]> index = site.context().getStateStore(SlaStores.DEADLINES);
        this.deadlines = new DeadlineIndex(index).observedBy(site.context());
        this.watermark = site.watermark();
        ContractBook contracts = ContractBook.open(site.context(), policies);
        Escalations escalations = new Escalations(contracts);
        this.outputs = new TicketOutputs(site);
        this.tickets = new TicketBook(site.context(), new TicketLifecycle(contracts), sites, deadlines, watermark, outputs, ticketTopic,
                ResolvedWhileDown.of(sites, escalations));
        this.telemetry = new TelemetryJoin(sites, escalations, deadlines, outputs, unticketedGrace, tickets);
        this.parking = new ColdStartParking(site.context(), sites, deadlines, watermark);
    }

    /** The stage with the stores its parts own and their deadline index. */
    public static SiteStage.Plan plan(Policies policies, Duration unticketedGrace, String ticketTopic) {
        return SiteStage.Plan.of(caching -> {
            List<StoreBuilder<?>> stores = new ArrayList<>(TicketBook.stores(caching));
            stores.addAll(ColdStartParking.stores(caching));
            stores.add(DeadlineIndex.storeBuilder(SlaStores.DEADLINES, caching));
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
    }

    /** Every deadline due up to the site's watermark, so no clock breaches on events not read yet. */
    @Override
    public void tick(long now) {
        long readUpTo = watermark.readUpTo(now);
        deadlines.runDue(readUpTo, due -> {
            Timer timer = due.timer();
            switch (timer.kind()) {
                case TICKET -> tickets.onDue(due, readUpTo, now);
                case UNTICKETED -> telemetry.checkUnticketed(timer.id(), due.time(), now);
                case PENDING_TICKET -> parking.release(timer.id()).forEach(p -> tickets.onTicket(p.event(), p.readAt(), now));
                case DEVICE, SITE, KPI_WINDOW -> throw new IllegalStateException("a " + timer.kind() + " timer is not the ticket stage's");
            }
        }, (due, tries, error) -> outputs.setAside(due, tries, error, now));
    }
}
