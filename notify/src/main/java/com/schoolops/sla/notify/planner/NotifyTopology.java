package com.schoolops.sla.notify.planner;

import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.SiteOutage;
import com.schoolops.sla.avro.TicketEventType;
import com.schoolops.sla.avro.TicketStatusChange;
import com.schoolops.sla.deadletter.DeadLetter;
import com.schoolops.sla.deadletter.DeadLetterWriter;
import com.schoolops.sla.deadletter.DeadLetters;
import com.schoolops.sla.notify.routes.Routes;
import com.schoolops.sla.serde.StateSerde;
import com.schoolops.sla.serde.StateStores;
import com.schoolops.sla.state.DigestSignal;
import com.schoolops.sla.state.NotifyDigest;
import com.schoolops.sla.state.NotifyPage;
import com.schoolops.sla.state.SiteSignal;
import com.schoolops.sla.notify.NotifyTopics;
import com.schoolops.sla.timers.TimerService;
import com.schoolops.sla.wiring.Output;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * notify's planning topology, top to bottom: the escalations, the site outages and the ticket status changes that answer
 * or end a page (outputs of the engine, so an event it refused answers nothing) meet per site on one repartition topic,
 * {@code notify-by-site}; {@link NotificationPlanner} turns them into {@code sla-notifications}, one notification per
 * receiver of each step of a page, which the delivery workers send.
 * <p>
 * A digest route (one that groups across sites) needs its digest's state in one task, while the pages are spread over
 * the sites' partitions: the planner sends each school's joining and leaving (two records per outage, only for
 * SITE_OUTAGEs that meet such a route) to a second repartition topic, {@code notify-by-group}, keyed by route and
 * group, where {@link DigestPlanner} keeps each digest. Its cost: one more topic, and a digest is one commit later than
 * a page would be.
 */
public final class NotifyTopology {
    public static final String BY_SITE = "notify-by-site";
    public static final String BY_GROUP = "notify-by-group";
    static final String PLANNER = "notify-planner";
    static final String DIGESTS = "notify-digests";
    /** The accepted ticket events that matter to a page: the rest never leave their partition. */
    private static final Set<TicketEventType> ANSWERS = Set.of(TicketEventType.ACKNOWLEDGED, TicketEventType.RESOLVED,
            TicketEventType.SPARE_INSTALLED, TicketEventType.CLOSED);

    private NotifyTopology() {
    }

    /** With the default {@code notify.max-age} (1 h), counting into nothing: for tests and tools. */
    public static Topology build(NotifyTopics notify, Routes routes, Duration tick) {
        return build(notify, routes, tick, Duration.ofHours(1), PlannerMetrics.unregistered());
    }

    public static Topology build(NotifyTopics notify, Routes routes, Duration tick, Duration maxAge, PlannerMetrics metrics) {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, SiteSignal> escalations = builder.stream(notify.published().escalations().name(), notify.published().escalations().consumed())
                .map((k, e) -> org.apache.kafka.streams.KeyValue.pair(e.getSiteId(), escalation(e)), Named.as("notify-escalation-by-site"));
        KStream<String, SiteSignal> outages = builder.stream(notify.published().outages().name(), notify.published().outages().consumed())
                .map((k, o) -> org.apache.kafka.streams.KeyValue.pair(o.getSiteId(), outage(o)), Named.as("notify-outage-by-site"));
        KStream<String, SiteSignal> answers = builder.stream(notify.published().ticketStatus().name(), notify.published().ticketStatus().consumed())
                .filter((k, t) -> t != null && ANSWERS.contains(t.getEvent()), Named.as("notify-answering-tickets"))
                .map((k, t) -> org.apache.kafka.streams.KeyValue.pair(t.getSiteId(), ticket(t)), Named.as("notify-ticket-by-site"));
        KStream<String, Object> planned = escalations.merge(outages, Named.as("notify-merge-outages")).merge(answers, Named.as("notify-merge-tickets"))
                .repartition(Repartitioned.<String, SiteSignal>as(BY_SITE).withKeySerde(Serdes.String()).withValueSerde(new StateSerde<>(SiteSignal.class)))
                .process(StateStores.owning(() -> new NotificationPlanner(routes, tick, maxAge, metrics),
                        StateStores.of(PlannerStores.PAGES, NotifyPage.class, false),
                        TimerService.store(PlannerStores.DUE, false),
                        StateStores.of(PlannerStores.OUTAGES, SiteOutage.class, false),
                        StateStores.of(PlannerStores.DIGEST_MEMBERS, DigestSignal.class, false)), Named.as(PLANNER));
        planned.to(notify.notifications().name(), notify.notifications().producedAs(NotificationPlanner.NOTIFICATIONS.node()));
        only(planned, NotificationPlanner.DEAD_LETTERS)
                .process(() -> new DeadLetterWriter(DeadLetters.NOTIFY), Named.as(NotificationPlanner.DEAD_LETTERS.node()))
                .to(notify.published().deadLetters().name(), notify.published().deadLetters().produced(PLANNER));
        KStream<String, Object> digested = only(planned, NotificationPlanner.TO_DIGESTS)
                .mapValues(v -> v, Named.as(NotificationPlanner.TO_DIGESTS.node())) // the child the planner forwards to
                .repartition(Repartitioned.<String, DigestSignal>as(BY_GROUP).withKeySerde(Serdes.String()).withValueSerde(new StateSerde<>(DigestSignal.class)))
                .process(StateStores.owning(() -> new DigestPlanner(routes, tick),
                        StateStores.of(PlannerStores.DIGESTS, NotifyDigest.class, false),
                        TimerService.store(PlannerStores.DIGEST_DUE, false)), Named.as(DIGESTS));
        digested.to(notify.notifications().name(), notify.notifications().producedAs(DigestPlanner.NOTIFICATIONS.node()));
        only(digested, DigestPlanner.DEAD_LETTERS)
                .process(() -> new DeadLetterWriter(DeadLetters.NOTIFY), Named.as(DigestPlanner.DEAD_LETTERS.node()))
                .to(notify.published().deadLetters().name(), notify.published().deadLetters().produced(DIGESTS));
        Topology topology = builder.build();
        Output.checkWired(topology, PLANNER, List.of(NotificationPlanner.NOTIFICATIONS, NotificationPlanner.DEAD_LETTERS, NotificationPlanner.TO_DIGESTS));
        Output.checkWired(topology, DIGESTS, List.of(DigestPlanner.NOTIFICATIONS, DigestPlanner.DEAD_LETTERS));
        return topology;
    }

    /** The records of one output of a processor with several (the processor forwards each to its child by name). */
    @SuppressWarnings("unchecked")
    private static <V> KStream<String, V> only(KStream<String, ?> stream, Output<V> output) {
        return (KStream<String, V>) stream;
    }

    private static SiteSignal escalation(Escalation e) {
        return SiteSignal.newBuilder().setEscalation(e).build();
    }

    private static SiteSignal outage(SiteOutage o) {
        return SiteSignal.newBuilder().setOutage(o).build();
    }

    private static SiteSignal ticket(TicketStatusChange t) {
        return SiteSignal.newBuilder().setTicketStatus(t).build();
    }
}
