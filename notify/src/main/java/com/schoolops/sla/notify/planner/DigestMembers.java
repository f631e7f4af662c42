package com.schoolops.sla.notify.planner;

import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.notify.routes.Route;
import com.schoolops.sla.state.DigestSignal;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.ArrayList;
import java.util.List;

/**
 * The digests each school's outage is in, kept by the per-site planner in {@code notify-digest-members-store} (key
 * {@code siteId|groupKey}, one prefix scan per site like the pages): a SITE_OUTAGE joins the digests of the digest routes
 * it meets, and the outage's end leaves them. What it returns goes to the digest stage on {@code notify-by-group}.
 */
final class DigestMembers {
    private final KeyValueStore<String, DigestSignal> members;

    DigestMembers(ProcessorContext<?, ?> context) {
        this.members = context.getStateStore(PlannerStores.DIGEST_MEMBERS);
    }

    /** Whether {@code e} already joined a digest (read twice: the engine's ids are deterministic). */
    boolean heard(Escalation e) {
        return ofSite(e.getSiteId()).stream().anyMatch(m -> m.getEscalation().getEscalationId().equals(e.getEscalationId()));
    }

    /** {@code e}, a SITE_OUTAGE, joins each digest of {@code routes} it is not in yet. */
    List<DigestSignal> join(Escalation e, List<Route> routes, long now) {
        List<DigestSignal> joined = new ArrayList<>();
        for (Route route : routes) {
            String groupKey = route.digestKey(e);
            if (members.get(key(e.getSiteId(), groupKey)) != null) {
                continue; // the school is down in it already
            }
            DigestSignal down = DigestSignal.newBuilder().setGroupKey(groupKey).setRoute(route.name()).setGroup(route.groupBy().groupOf(e))
                    .setSiteId(e.getSiteId()).setEscalation(e).setBack(false).setAt(now).build();
            members.put(key(e.getSiteId(), groupKey), down);
            joined.add(down);
        }
        return joined;
    }

    /** The school's outage is over: it is back in every digest it was down in. */
    List<DigestSignal> leave(String siteId, long now) {
        List<DigestSignal> left = new ArrayList<>();
        for (DigestSignal m : ofSite(siteId)) {
            members.delete(key(siteId, m.getGroupKey()));
            left.add(DigestSignal.newBuilder(m).setBack(true).setAt(now).build());
        }
        return left;
    }

    private List<DigestSignal> ofSite(String siteId) {
        List<DigestSignal> out = new ArrayList<>();
        try (KeyValueIterator<String, DigestSignal> it = members.prefixScan(siteId + "|", Serdes.String().serializer())) {
            it.forEachRemaining(kv -> out.add(kv.value));
        }
        return out;
    }

    private static String key(String siteId, String groupKey) {
        return siteId + "|" + groupKey;
    }
}
