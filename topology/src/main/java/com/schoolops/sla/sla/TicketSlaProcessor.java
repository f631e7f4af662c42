package com.schoolops.sla.sla;

import com.schoolops.sla.avro.DeviceHealthChange;
import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.deadletter.DeadLetter;
import com.schoolops.sla.escalation.Escalations;
import com.schoolops.sla.health.ForTickets;
import com.schoolops.sla.health.SiteView;
import com.schoolops.sla.policy.ContractBook;
import com.schoolops.sla.policy.Policies;
import com.schoolops.sla.serde.StateStores;
import com.schoolops.sla.state.InputPosition;
import com.schoolops.sla.state.KpiFact;
import com.schoolops.sla.timers.DeadlineIndex;
import com.schoolops.sla.timers.InputWatermark;
import com.schoolops.sla.timers.ReadMarks;
import com.schoolops.sla.timers.TaskWatermark;
import com.schoolops.sla.timers.Timer;
import com.schoolops.sla.wiring.Output;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The SLA stage of one task's sites (input keyed by siteId): what device health passes on ({@link ForTickets}) in;
 * {@link Escalation}s, KPI facts and dead letters out. Three concerns, each with its own stores: the ticket clocks
 * ({@link TicketBook}), the join with device health ({@link TelemetryJoin}, with the availability counts of
 * {@link CensusBatch}), and the tickets parked at a cold start ({@link ColdStartParking}). Their deadlines share one
 * index, fired on wall-clock punctuation up to the input watermark.
 */
public final class TicketSlaProcessor implements Processor<String, ForTickets, String, Object>, ForTickets.Handler {
    /** The outputs this stage forwards to: the topology gives each a child of that name ({@link Output#checkWired}). */
    public static final List<Output<?>> OUTPUTS = TicketOutputs.ALL;
    public static final Output<Escalation> ESCALATIONS = TicketOutputs.ESCALATIONS;
    public static final Output<KpiFact> KPI_FACTS = TicketOutputs.KPI_FACTS;
    public static final Output<DeadLetter> DEAD_LETTERS = TicketOutputs.DEAD_LETTERS;

    private final Policies policies;
    private final Duration checkInterval;
    private final Function<ProcessorContext<?, ?>, SiteView> siteView;
    private final Duration unticketedGrace;
    private final String ticketTopic;
    private final InputWatermark inputWatermark;

    private ProcessorContext<String, Object> context;
    private DeadlineIndex deadlines;
    private TaskWatermark watermark;
    private TicketOutputs outputs;
    private TicketBook tickets;
    private TelemetryJoin telemetry;
    private CensusBatch census;
    private ColdStartParking parking;

    public TicketSlaProcessor(Policies policies, Function<ProcessorContext<?, ?>, SiteView> siteView, Duration checkInterval,
                              Duration unticketedGrace, String ticketTopic, InputWatermark watermark) {
        this.policies = policies;
        this.inputWatermark = watermark;
        this.checkInterval = checkInterval;
        this.siteView = siteView;
        this.unticketedGrace = unticketedGrace;
        this.ticketTopic = ticketTopic;
    }

    /** The processor with the stores its parts own and their deadline index; it must also be connected to {@link SiteView#STORES}. */
    public static ProcessorSupplier<String, ForTickets, String, Object> supplier(
            Policies policies, Function<ProcessorContext<?, ?>, SiteView> siteView, Duration checkInterval, Duration unticketedGrace,
            String ticketTopic, InputWatermark watermark, boolean caching) {
        List<StoreBuilder<?>> stores = new ArrayList<>(TicketBook.stores(caching));
        stores.addAll(ColdStartParking.stores(caching));
        stores.addAll(CensusBatch.stores(caching));
        stores.add(DeadlineIndex.storeBuilder(SlaStores.DEADLINES, caching));
        return StateStores.owning(() -> new TicketSlaProcessor(policies, siteView, checkInterval, unticketedGrace, ticketTopic, watermark),
                stores.toArray(StoreBuilder[]::new));
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        SiteView sites = siteView.apply(context);
        KeyValueStore<Bytes, byte[]> index = context.getStateStore(SlaStores.DEADLINES);
        this.deadlines = new DeadlineIndex(index).observedBy(context);
        // Device health, first in the same task, says in the log when this task's verdicts wait for input.
        this.watermark = new TaskWatermark(ReadMarks.of(context, inputWatermark), context.taskId(), 0, false);
        ContractBook contracts = ContractBook.open(context, policies);
        Escalations escalations = new Escalations(contracts);
        this.outputs = new TicketOutputs(context);
        this.census = new CensusBatch(context, outputs, sites);
        this.tickets = new TicketBook(context, new TicketLifecycle(contracts), sites, deadlines, watermark, outputs, ticketTopic,
                TelemetryJoin.resolvedWhileDown(sites, escalations));
        this.telemetry = new TelemetryJoin(sites, escalations, deadlines, outputs, unticketedGrace, census, tickets);
        this.parking = new ColdStartParking(context, sites, deadlines, watermark);
        context.schedule(checkInterval, PunctuationType.WALL_CLOCK_TIME, this::tick);
    }

    @Override
    public void process(Record<String, ForTickets> record) {
        record.value().deliverTo(this);
    }

    @Override
    public void ticket(TicketEvent event, InputPosition readAt) {
        long now = context.currentSystemTimeMs();
        if (!parking.parks(event, readAt, now, tickets::knows)) {
            tickets.onTicket(event, readAt, now);
        }
    }

    @Override
    public void readFurther() {
        tick(context.currentSystemTimeMs()); // device health passes a mark on only when it moved the watermark
    }

    @Override
    public void healthChanged(DeviceHealthChange change, String contractId) {
        telemetry.onHealthChange(change, contractId, context.currentSystemTimeMs());
    }

    @Override
    public void deviceLeft(KpiFact census) {
        this.census.pend(census);
    }

    /** Wall-clock tick: every deadline due up to the input watermark, so no clock breaches on events not read yet. */
    void tick(long now) {
        census.send(now);
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
