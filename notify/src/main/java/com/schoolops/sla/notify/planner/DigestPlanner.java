package com.schoolops.sla.notify.planner;

import com.schoolops.sla.avro.DigestSite;
import com.schoolops.sla.avro.Notification;
import com.schoolops.sla.avro.NotificationDigest;
import com.schoolops.sla.avro.NotificationKind;
import com.schoolops.sla.deadletter.DeadLetter;
import com.schoolops.sla.notify.routes.Route;
import com.schoolops.sla.notify.routes.Routes;
import com.schoolops.sla.state.DigestSignal;
import com.schoolops.sla.state.NotifyDigest;
import com.schoolops.sla.wiring.Output;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The digests of the routes that group across sites, one per route and group, each in the one task its key
 * ({@code <route>|<group>}) lands in on {@code notify-by-group}: schools join as their SITE_OUTAGE is heard and are back
 * when their outage ends ({@link DigestMembers}, in the per-site planner). As Alertmanager sends a group:
 * <ul>
 *   <li>the first digest goes the route's {@code group_wait} after the first school went down, listing every school down by
 *       then; if every one is back by then, nothing is said;</li>
 *   <li>while it changes (a school down or back), the next goes at most every {@code group_interval};</li>
 *   <li>once every school is back, a RESOLVED digest goes (on the same pacing) to everyone who got one, and the digest is over:
 *       a school down after that opens a new one.</li>
 * </ul>
 * Its state and its notifications are written in one transaction, as the pages' are.
 */
final class DigestPlanner implements Processor<String, DigestSignal, String, Object> {
    private static final Logger log = LoggerFactory.getLogger(DigestPlanner.class);
    /** The digests, one per receiver, to {@code sla-notifications}. */
    static final Output<Notification> NOTIFICATIONS = Output.to("notify-digests-to-sla-notifications", Notification.class);
    /** A digest's timer whose step kept failing, set aside. */
    static final Output<DeadLetter> DEAD_LETTERS = Output.to("notify-digests-to-dead-letters", DeadLetter.class);

    private final Routes routes;
    private final Duration tick;
    private ProcessorContext<String, Object> context;
    private Digests digests;

    DigestPlanner(Routes routes, Duration tick) {
        this.routes = routes;
        this.tick = tick;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.digests = new Digests(context, (key, letter, now) -> DEAD_LETTERS.send(context, new Record<>(key, letter, now)));
        context.schedule(tick, PunctuationType.WALL_CLOCK_TIME, this::due);
    }

    @Override
    public void process(Record<String, DigestSignal> record) {
        long now = context.currentSystemTimeMs();
        DigestSignal s = record.value();
        Route route = route(s.getRoute());
        NotifyDigest d = digests.get(s.getGroupKey());
        Long previous = d == null ? null : d.getDueAt();
        if (d == null) {
            if (s.getBack() || route == null) {
                return; // the end of an outage whose digest is over (or was never sent), or a route no longer in the file
            }
            d = NotifyDigest.newBuilder().setGroupKey(s.getGroupKey()).setRoute(s.getRoute()).setGroup(s.getGroup())
                    .setDigestId(s.getEscalation().getEscalationId() + "@" + s.getRoute()).setHeadline(s.getEscalation())
                    .setOpenedAt(now).setDueAt(now + route.groupWait().toMillis()).build();
        }
        if (!(s.getBack() ? back(d, s) : down(d, s))) {
            return; // nothing changed: said twice
        }
        d.setChanged(true);
        if (d.getDueAt() == null) {
            long paced = d.getLastSentAt() == null ? now : d.getLastSentAt() + (route == null ? 0 : route.groupInterval().toMillis());
            d.setDueAt(Math.max(now, paced));
        }
        digests.save(d, previous);
    }

    private static boolean down(NotifyDigest d, DigestSignal s) {
        List<DigestSite> sites = new ArrayList<>(d.getSites());
        DigestSite known = sites.stream().filter(x -> x.getSiteId().equals(s.getSiteId())).findFirst().orElse(null);
        if (known != null && known.getBackAt() == null) {
            return false;
        }
        sites.remove(known);
        sites.add(DigestSite.newBuilder().setSiteId(s.getSiteId()).setDownAt(s.getEscalation().getAt()).setBackAt(null).build());
        d.setSites(sites);
        return true;
    }

    private static boolean back(NotifyDigest d, DigestSignal s) {
        for (DigestSite x : d.getSites()) {
            if (x.getSiteId().equals(s.getSiteId()) && x.getBackAt() == null) {
                x.setBackAt(s.getAt());
                return true;
            }
        }
        return false;
    }

    private void due(long now) {
        digests.runDue(now, d -> step(d, now));
    }

    private void step(NotifyDigest d, long now) {
        Route route = route(d.getRoute());
        boolean anyDown = d.getSites().stream().anyMatch(x -> x.getBackAt() == null);
        Long previous = d.getDueAt();
        if (d.getUpdates() == 0) {
            if (!anyDown || route == null) {
                digests.delete(d); // over before anyone was told
                return;
            }
            send(d, route.receivers(), NotificationKind.FIRING, now);
        } else if (!anyDown) {
            send(d, d.getSentTo(), NotificationKind.RESOLVED, now);
            digests.delete(d);
            return;
        } else if (d.getChanged()) {
            send(d, route == null ? d.getSentTo() : route.receivers(), NotificationKind.FIRING, now);
        }
        d.setDueAt(null);
        digests.save(d, previous);
    }

    private void send(NotifyDigest d, List<String> receivers, NotificationKind kind, long now) {
        int update = d.getUpdates() + 1;
        String id = d.getDigestId() + (kind == NotificationKind.RESOLVED ? "/resolved" : "/digest-" + update);
        NotificationDigest digest = digestOf(d, update);
        for (String receiver : receivers) {
            Notification n = Notification.newBuilder().setNotificationId(id).setReceiver(receiver).setRoute(d.getRoute()).setKind(kind)
                    .setTier(d.getHeadline().getTier()).setRepeat(0).setSiteId(d.getGroup()).setHeadline(d.getHeadline())
                    .setGrouped(List.of()).setOutage(null).setAnsweredBy(null).setPlannedAt(now).setDigest(digest).build();
            NOTIFICATIONS.send(context, new Record<>(d.getGroup(), n, now));
        }
        Set<String> sentTo = new LinkedHashSet<>(d.getSentTo());
        sentTo.addAll(receivers);
        d.setSentTo(List.copyOf(sentTo));
        d.setUpdates(update);
        d.setChanged(false);
        d.setLastSentAt(now);
    }

    /** What the message says: the schools still down, the earliest first, and those back, the earliest back first. */
    static NotificationDigest digestOf(NotifyDigest d, int update) {
        List<DigestSite> down = d.getSites().stream().filter(x -> x.getBackAt() == null)
                .sorted(Comparator.comparingLong(DigestSite::getDownAt)).map(DigestPlanner::copy).toList();
        List<DigestSite> back = d.getSites().stream().filter(x -> x.getBackAt() != null)
                .sorted(Comparator.comparingLong(DigestSite::getBackAt)).map(DigestPlanner::copy).toList();
        long since = d.getSites().stream().mapToLong(DigestSite::getDownAt).min().orElse(d.getHeadline().getAt());
        return NotificationDigest.newBuilder().setGroup(d.getGroup()).setUpdate(update).setSince(since).setDown(down).setBack(back).build();
    }

    private static DigestSite copy(DigestSite s) {
        return DigestSite.newBuilder(s).build();
    }

    /** The route by name; null when the routes file no longer has it (its digest is then finished without it). */
    private Route route(String name) {
        return routes.routes().stream().filter(r -> r.name().equals(name) && r.digests()).findFirst().orElseGet(() -> {
            log.warn("notify digest of route {}: the routes file has no such digest route now; its digest ends without it", name);
            return null;
        });
    }
}
