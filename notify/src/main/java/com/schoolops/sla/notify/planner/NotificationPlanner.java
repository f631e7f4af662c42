package com.schoolops.sla.notify.planner;

import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.Notification;
import com.schoolops.sla.avro.NotificationKind;
import com.schoolops.sla.avro.OutageState;
import com.schoolops.sla.avro.SiteOutage;
import com.schoolops.sla.avro.SlaClock;
import com.schoolops.sla.avro.TicketStatusChange;
import com.schoolops.sla.deadletter.DeadLetter;
import com.schoolops.sla.notify.routes.Route;
import com.schoolops.sla.notify.routes.Routes;
import com.schoolops.sla.state.DigestSignal;
import com.schoolops.sla.state.NotifyPage;
import com.schoolops.sla.state.SiteSignal;
import com.schoolops.sla.wiring.Output;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides, per site, what is said to whom and when; everything it remembers is in {@link Pages}, so a restart or a
 * failover neither forgets a repeat nor says anything twice (the notifications and the pages are written in one
 * transaction). Its output is the {@link Notification}s the delivery workers send: one per receiver of each step of a page.
 * <ul>
 *   <li>An escalation opens a page; its route (first match on the escalation at its tier) names the receivers.</li>
 *   <li>A site's outage escalations (SITE_OUTAGE, UNTICKETED_OUTAGE) are gathered for the route's group_wait into one
 *       page, the SITE_OUTAGE as its headline. A device's escalation while the site's outage page is open joins it: the
 *       outage is its cause, and the RESOLVED notification lists it.</li>
 *   <li>A tier-1 notification on a route with quiet hours is held until they end.</li>
 *   <li>An SLA_BREACH not acknowledged (of a clock the route repeats: by default not REPORT or CALLBACK), or a
 *       SITE_OUTAGE not ended, is sent again each repeat_interval to the route of the next tier (up to 3).</li>
 *   <li>What came before it: an escalation published more than {@code notify.max-age} ago is not sent and opens no
 *       page (so nothing repeats or resolves for it); one published more than a tick ago waits a tick, and
 *       is dropped if what answers it was read meanwhile.</li>
 *   <li>When the ticket is resolved or closed, or the outage ends, everyone who got the page gets a RESOLVED notification.</li>
 *   <li>A SITE_OUTAGE that meets a digest route (one that groups across sites) joins that route's digest, and leaves it
 *       when the outage ends: {@link DigestMembers} says so to {@link DigestPlanner}, which keeps the digest in one task.</li>
 *   <li>What has no end notify hears of (a warning, a recovery, an obligation's escalation: all but a ticket's breach and a
 *       site outage) is said once: its page is kept, sent, for {@code notify.max-age}, so that the same escalation read
 *       again meanwhile is not said again, and then forgotten. Nothing answers, repeats or resolves it.</li>
 * </ul>
 * Every step runs on the wall clock (a tick each {@code notify.tick}), like the engine's own timers.
 */
final class NotificationPlanner implements Processor<String, SiteSignal, String, Object> {
    /** The messages, one per receiver, to {@code sla-notifications}. */
    static final Output<Notification> NOTIFICATIONS = Output.to("notify-planner-to-sla-notifications", Notification.class);
    /** A school's outage joining or leaving a digest, to {@code notify-by-group}. */
    static final Output<DigestSignal> TO_DIGESTS = Output.to("notify-planner-to-notify-by-group", DigestSignal.class);
    /** A page's timer whose step kept failing, set aside. */
    static final Output<DeadLetter> DEAD_LETTERS = Output.to("notify-planner-to-dead-letters", DeadLetter.class);
    private static final Set<EscalationType> OUTAGE_ESCALATIONS = Set.of(EscalationType.SITE_OUTAGE, EscalationType.UNTICKETED_OUTAGE);
    private static final Set<EscalationType> REPEATED = Set.of(EscalationType.SLA_BREACH, EscalationType.SITE_OUTAGE);

    /**
     * An escalation read this long after it was published is read while catching up (a first start, a long stop), not
     * live: the pipeline's own delay (two commits and a repartition) is well under it, so a live escalation never waits.
     */
    static final Duration BACKLOG = Duration.ofSeconds(30);

    private final Routes routes;
    private final Duration tick;
    private final Duration maxAge;
    private final PlannerMetrics metrics;
    private final CatchUpLog catchUp;
    private ProcessorContext<String, Object> context;
    private Pages pages;
    private DigestMembers digests;

    NotificationPlanner(Routes routes, Duration tick, Duration maxAge, PlannerMetrics metrics) {
        this.routes = routes;
        this.tick = tick;
        this.maxAge = maxAge;
        this.metrics = metrics;
        this.catchUp = new CatchUpLog(maxAge);
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.pages = new Pages(context, (key, letter, now) -> DEAD_LETTERS.send(context, new Record<>(key, letter, now)));
        this.digests = new DigestMembers(context);
        context.schedule(tick, PunctuationType.WALL_CLOCK_TIME, this::due);
    }

    @Override
    public void process(Record<String, SiteSignal> signal) {
        long now = context.currentSystemTimeMs();
        SiteSignal s = signal.value();
        if (s.getEscalation() != null) {
            if (signal.timestamp() < now - maxAge.toMillis()) {
                metrics.skippedStale(); // old news: nobody is paged for it, and nothing later follows from it
                catchUp.stale();
                return;
            }
            onEscalation(s.getEscalation(), now, signal.timestamp() < now - BACKLOG.toMillis());
        } else if (s.getOutage() != null) {
            onOutage(s.getOutage(), now);
        } else if (s.getTicketStatus() != null) {
            onTicket(s.getTicketStatus(), now);
        }
    }

    /**
     * {@code behind}: published more than {@link #BACKLOG} ago, so read while catching up; it waits a tick, by when what answers
     * it in the same backlog (a resolution, an acknowledgement, the outage's end) has been read too.
     */
    private void onEscalation(Escalation e, long now, boolean behind) {
        List<NotifyPage> site = pages.ofSite(e.getSiteId());
        if (site.stream().anyMatch(p -> mentions(p, e.getEscalationId())) || digests.heard(e)) {
            return; // already heard (the engine's ids are deterministic)
        }
        if (e.getType() == EscalationType.SITE_OUTAGE) {
            toDigests(digests.join(e, routes.digests(e, e.getTier()), now), now);
        }
        Route route = routes.route(e, e.getTier());
        if (route.receivers().isEmpty()) {
            return; // a route that sends this nowhere, on purpose
        }
        if (OUTAGE_ESCALATIONS.contains(e.getType())) {
            Optional<NotifyPage> open = site.stream().filter(p -> OUTAGE_ESCALATIONS.contains(p.getHeadline().getType())
                    && (!p.getSent() || p.getHeadline().getType() == EscalationType.SITE_OUTAGE)).findFirst();
            if (open.isPresent() && (e.getType() == EscalationType.UNTICKETED_OUTAGE || !open.get().getSent())) {
                join(open.get(), e);
                return;
            }
        }
        NotifyPage page = NotifyPage.newBuilder().setPageId(e.getEscalationId()).setSiteId(e.getSiteId()).setHeadline(e)
                .setTier(e.getTier()).setOpenedAt(now).setOutage(e.getType() == EscalationType.SITE_OUTAGE ? pages.outage(e.getSiteId()) : null).build();
        if (OUTAGE_ESCALATIONS.contains(e.getType()) && !route.groupWait().isZero()) {
            page.setDueAt(now + route.groupWait().toMillis());
            pages.save(page, null);
        } else if (behind) {
            page.setDueAt(now + tick.toMillis()); // a whole tick, not just until the next one
            pages.save(page, null);
        } else {
            sendFirst(page, now);
        }
    }

    /** A site's outage escalation joins its open outage page; a SITE_OUTAGE becomes the headline of a page still gathering. */
    private void join(NotifyPage page, Escalation e) {
        List<Escalation> grouped = new ArrayList<>(page.getGrouped());
        if (e.getType() == EscalationType.SITE_OUTAGE && page.getHeadline().getType() != EscalationType.SITE_OUTAGE) {
            grouped.add(0, page.getHeadline());
            page.setHeadline(e);
            page.setOutage(pages.outage(e.getSiteId()));
            page.setTier(Math.max(page.getTier(), e.getTier()));
        } else {
            grouped.add(e);
        }
        page.setGrouped(grouped);
        pages.save(page, page.getDueAt());
    }

    private void onOutage(SiteOutage o, long now) {
        pages.outageHeard(o);
        if (o.getState() == OutageState.ENDED) {
            toDigests(digests.leave(o.getSiteId(), now), now);
        }
        for (NotifyPage page : pages.ofSite(o.getSiteId())) {
            if (page.getHeadline().getType() != EscalationType.SITE_OUTAGE) {
                continue;
            }
            page.setOutage(o);
            if (o.getState() == OutageState.ENDED) {
                close(page, now);
            } else {
                pages.save(page, page.getDueAt());
            }
        }
    }

    private void onTicket(TicketStatusChange t, long now) {
        for (NotifyPage page : pages.ofSite(t.getSiteId())) {
            if (!t.getTicketId().equals(page.getHeadline().getTicketId()) || saidOnce(page)) {
                continue;
            }
            switch (t.getEvent()) {
                case ACKNOWLEDGED -> {
                    if (answers(t, page.getHeadline())) {
                        acknowledge(page, t.getActor() == null ? "?" : t.getActor());
                    }
                }
                case RESOLVED, SPARE_INSTALLED, CLOSED -> close(page, now);
                default -> {
                }
            }
        }
    }

    /**
     * An acknowledgement answers a breach when it comes at or after it: a RESPONSE breach is answered by the first one,
     * a later clock's breach by an operator acknowledging again (the console's acknowledge), since the ticket's first
     * acknowledgement is what started that clock.
     */
    private static boolean answers(TicketStatusChange ack, Escalation breach) {
        return breach.getClock() == SlaClock.RESPONSE || ack.getAt() >= breach.getAt();
    }

    private void acknowledge(NotifyPage page, String actor) {
        if (!page.getSent()) {
            answeredUnsent(page); // answered before anyone was told: nothing to say
            return;
        }
        Long previous = page.getDueAt();
        page.setAnsweredBy(actor);
        page.setDueAt(null);
        pages.save(page, previous);
    }

    /** Over: those who were told hear that it is; a page nobody was told yet is dropped. */
    private void close(NotifyPage page, long now) {
        if (page.getSent()) {
            emit(page, routes.route(page.getHeadline(), page.getTier()).name(), List.copyOf(page.getSentTo()), NotificationKind.RESOLVED, now);
            pages.delete(page);
        } else {
            answeredUnsent(page);
        }
    }

    private void answeredUnsent(NotifyPage page) {
        pages.delete(page);
        metrics.skippedAnswered();
        catchUp.answered();
    }

    private void due(long now) {
        pages.runDue(now, page -> {
            if (saidOnce(page)) {
                pages.delete(page); // remembered for max-age, as long as a copy of it could still be news
            } else if (page.getSent()) {
                repeat(page, now);
            } else {
                sendFirst(page, now);
            }
        });
        catchUp.atTick(context.taskId().toString());
    }

    private void sendFirst(NotifyPage page, long now) {
        Long previous = page.getDueAt();
        Route route = routes.route(page.getHeadline(), page.getTier());
        long sendable = route.sendableAt(page.getTier(), now);
        if (sendable > now) {
            page.setDueAt(sendable);
            pages.save(page, previous);
            return;
        }
        emit(page, route.name(), route.receivers(), NotificationKind.FIRING, now);
        markSent(page, route, now, previous);
    }

    private void repeat(NotifyPage page, long now) {
        int tier = Math.min(3, page.getTier() + 1);
        Route route = routes.route(page.getHeadline(), tier);
        Long previous = page.getDueAt();
        if (route.receivers().isEmpty()) {
            page.setDueAt(null);
            pages.save(page, previous);
            return;
        }
        page.setTier(tier);
        page.setRepeats(page.getRepeats() + 1);
        emit(page, route.name(), route.receivers(), NotificationKind.REPEAT, now);
        markSent(page, route, now, previous);
    }

    private void markSent(NotifyPage page, Route route, long now, Long previousDueAt) {
        Set<String> sentTo = new LinkedHashSet<>(page.getSentTo());
        sentTo.addAll(route.receivers());
        page.setSentTo(List.copyOf(sentTo));
        page.setSent(true);
        boolean repeats = REPEATED.contains(page.getHeadline().getType()) && page.getAnsweredBy() == null
                && route.repeats(page.getHeadline().getClock());
        if (awaitsEnd(page.getHeadline())) {
            page.setDueAt(repeats ? now + route.repeatInterval().toMillis() : null);
        } else {
            page.setDueAt(now + maxAge.toMillis()); // said once, nothing follows: only remembered, then forgotten
        }
        pages.save(page, previousDueAt);
    }

    /** A page said and over: kept only so that its escalation, read again, is known. */
    private static boolean saidOnce(NotifyPage page) {
        return page.getSent() && !awaitsEnd(page.getHeadline());
    }

    /** What has an end notify hears of: a breach's ticket is resolved, a site outage ends. */
    private static boolean awaitsEnd(Escalation e) {
        return (e.getTicketId() != null && e.getType() == EscalationType.SLA_BREACH) || e.getType() == EscalationType.SITE_OUTAGE;
    }

    private void emit(NotifyPage page, String route, List<String> receivers, NotificationKind kind, long now) {
        String id = switch (kind) {
            case FIRING -> page.getPageId();
            case REPEAT -> page.getPageId() + "/repeat-" + page.getRepeats();
            case RESOLVED -> page.getPageId() + "/resolved";
        };
        for (String receiver : receivers) {
            Notification n = Notification.newBuilder().setNotificationId(id).setReceiver(receiver).setRoute(route).setKind(kind)
                    .setTier(page.getTier()).setRepeat(kind == NotificationKind.REPEAT ? page.getRepeats() : 0).setSiteId(page.getSiteId())
                    .setHeadline(page.getHeadline()).setGrouped(page.getGrouped()).setOutage(page.getOutage())
                    .setAnsweredBy(page.getAnsweredBy()).setPlannedAt(now).build();
            NOTIFICATIONS.send(context, new Record<>(page.getSiteId(), n, now));
        }
    }

    private void toDigests(List<DigestSignal> signals, long now) {
        signals.forEach(s -> TO_DIGESTS.send(context, new Record<>(s.getGroupKey(), s, now)));
    }

    private static boolean mentions(NotifyPage page, String escalationId) {
        return page.getPageId().equals(escalationId) || page.getHeadline().getEscalationId().equals(escalationId)
                || page.getGrouped().stream().anyMatch(g -> g.getEscalationId().equals(escalationId));
    }
}
