package com.schoolops.sla.obligations;

import com.schoolops.sla.avro.DeviceHealthChange;
import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.Findings;
import com.schoolops.sla.avro.HealthState;
import com.schoolops.sla.avro.ServiceVisit;
import com.schoolops.sla.avro.Site;
import com.schoolops.sla.avro.VisitKind;
import com.schoolops.sla.avro.VisitType;
import com.schoolops.sla.escalation.Escalations;
import com.schoolops.sla.policy.ContractBook;
import com.schoolops.sla.policy.Policies;
import com.schoolops.sla.serde.KeySerde;
import com.schoolops.sla.serde.StateStores;
import com.schoolops.sla.site.SiteStage;
import com.schoolops.sla.state.RecentStates;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * INSPECTION_CONTRADICTED (SPEC section 11), a stage of the site task after the exam-day stage: a COMPLETED INSPECTION
 * whose findings are NORMAL while a device of the site was DOWN, UNREACHABLE or DEGRADED at the visit's time, or
 * FLAPPING in the 24 h before it, lists those devices (tier 2 by the policies' tiers; one per visit, its id from the
 * site and the visitId). The visit is mostly written after the fact, so each device's published states of the last week
 * are kept ({@link StateHistory}, the device-recent-states store) and the visit is judged against what they were at
 * its time, once the site's watermark has passed it (so a verdict due by then has been given; a visit written with a
 * time still ahead waits in the inspection-pending store for the ticks). A visit written more than a week after it was
 * done is judged against what is still kept: a device whose changes of that time are gone counts as what it was at the
 * oldest change kept, or not at all when there is none before the visit.
 */
public final class InspectionCheck implements SiteStage {
    /** The stores' names name their changelogs: they never change. */
    static final String RECENT_STATES = "device-recent-states-store";
    static final String PENDING = "inspection-pending-store";
    static final Duration FLAPPING_BEFORE = Duration.ofHours(24);
    /** The states at the visit's time that contradict a NORMAL, in the Chinese half of the message. */
    private static final Map<HealthState, String> NOT_NORMAL_ZH = Map.of(HealthState.DOWN, "离线", HealthState.UNREACHABLE, "不可达",
            HealthState.DEGRADED, "运行异常");

    private final com.schoolops.sla.site.Site site;
    private final ContractBook contracts;
    private final Escalations escalations;
    private final KeyValueStore<String, RecentStates> recent;
    private final KeyValueStore<String, ServiceVisit> pending;
    /** Whether the pending store may hold a visit: true after a restart until a tick finds it empty, so an idle tick reads nothing. */
    private boolean maybePending = true;

    private InspectionCheck(com.schoolops.sla.site.Site site, Policies policies) {
        this.site = site;
        this.contracts = ContractBook.open(site.context(), policies);
        this.escalations = new Escalations(contracts);
        this.recent = site.context().getStateStore(RECENT_STATES);
        this.pending = site.context().getStateStore(PENDING);
    }

    public static SiteStage.Plan plan(Policies policies) {
        return SiteStage.Plan.of(caching -> List.of(StateStores.of(RECENT_STATES, RecentStates.class, caching),
                StateStores.of(PENDING, ServiceVisit.class, caching)), site -> new InspectionCheck(site, policies));
    }

    @Override
    public void healthChanged(DeviceHealthChange change, String contractId) {
        String key = KeySerde.join(change.getSiteId(), change.getDeviceId());
        RecentStates before = recent.get(key);
        RecentStates after = StateHistory.changed(before, change.getState(), change.getAt());
        if (!StateHistory.onlyUp(after)) {
            recent.put(key, after);
        } else if (before != null) {
            recent.delete(key); // nothing to tell any more: most of a fleet holds no entry here
        }
    }

    @Override
    public void deviceLeft(String siteId, String deviceId) {
        recent.delete(KeySerde.join(siteId, deviceId));
    }

    @Override
    public void siteLeft(String siteId, long writtenAt) {
        SiteEntries.deleteAll(recent, siteId);
        SiteEntries.deleteAll(pending, siteId);
    }

    /** A COMPLETED INSPECTION found NORMAL: judged now when the watermark is past its time, else at the tick that gets there. */
    @Override
    public void visit(ServiceVisit visit) {
        if (visit.getKind() != VisitKind.INSPECTION || visit.getType() != VisitType.COMPLETED || visit.getFindings() != Findings.NORMAL) {
            return;
        }
        pending.put(KeySerde.join(visit.getSiteId(), visit.getVisitId()), visit);
        maybePending = true;
        judgeDue(site.now());
    }

    @Override
    public void tick(long now) {
        judgeDue(now);
    }

    private void judgeDue(long now) {
        if (!maybePending) {
            return;
        }
        long readUpTo = site.watermark().readUpTo(now);
        List<KeyValue<String, ServiceVisit>> waiting = new ArrayList<>();
        try (KeyValueIterator<String, ServiceVisit> it = pending.all()) {
            it.forEachRemaining(waiting::add);
        }
        maybePending = false;
        for (KeyValue<String, ServiceVisit> kv : waiting) {
            if (kv.value.getTimestamp() > readUpTo) {
                maybePending = true;
                continue;
            }
            pending.delete(kv.key);
            judge(kv.value).ifPresent(e -> site.escalate(kv.value.getSiteId(), e, now));
        }
    }

    /** The devices the visit's NORMAL contradicts, in the site's order (by id), and the escalation that lists them. */
    private Optional<Escalation> judge(ServiceVisit visit) {
        long at = visit.getTimestamp();
        String siteId = visit.getSiteId();
        Site record = site.view().site(siteId);
        String contractId = record == null ? null : record.getContractId();
        List<String> zh = new ArrayList<>();
        List<String> en = new ArrayList<>();
        for (KeyValue<String, RecentStates> kv : SiteEntries.of(recent, siteId)) {
            String deviceId = KeySerde.parts(kv.key, 2)[1];
            Optional<StateHistory.StateAt> then = StateHistory.at(kv.value, at).filter(s -> NOT_NORMAL_ZH.containsKey(s.state()));
            if (then.isPresent()) {
                String since = escalations.time(then.get().since(), contractId, siteId);
                zh.add(deviceId + " " + NOT_NORMAL_ZH.get(then.get().state()) + "（" + then.get().state() + "，自 " + since + "）");
                en.add(deviceId + " " + then.get().state() + " since " + since);
                continue;
            }
            StateHistory.flapping(kv.value, at - FLAPPING_BEFORE.toMillis(), at).ifPresent(from -> {
                String since = escalations.time(from, contractId, siteId);
                zh.add(deviceId + " 24 小时内状态频繁波动（FLAPPING，自 " + since + "）");
                en.add(deviceId + " FLAPPING from " + since + " (in the 24 h before)");
            });
        }
        if (zh.isEmpty()) {
            return Optional.empty();
        }
        String time = escalations.time(at, contractId, siteId);
        String message = "学校 " + siteId + " 于 " + time + " 的巡检（" + visit.getVisitId() + "）记为正常，但当时 " + zh.size() + " 台设备不正常："
                + String.join("，", zh) + "，请核实巡检记录。 The inspection " + visit.getVisitId() + " of site " + siteId + " at " + time
                + " found NORMAL, but " + en.size() + " device(s) said otherwise: " + String.join(", ", en) + "; check the inspection record.";
        return Optional.of(escalations.ofVisit(siteId, visit.getVisitId(), contractId, EscalationType.INSPECTION_CONTRADICTED, at, message));
    }
}
