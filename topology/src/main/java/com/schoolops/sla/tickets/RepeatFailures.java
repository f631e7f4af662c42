package com.schoolops.sla.tickets;

import com.schoolops.sla.avro.DeviceHealthChange;
import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.HealthState;
import com.schoolops.sla.config.Durations;
import com.schoolops.sla.escalation.Escalations;
import com.schoolops.sla.policy.ContractBook;
import com.schoolops.sla.policy.RepeatFailureTerms;
import com.schoolops.sla.policy.SiteWindows;
import com.schoolops.sla.serde.KeySerde;
import com.schoolops.sla.serde.StateStores;
import com.schoolops.sla.site.SiteView;
import com.schoolops.sla.state.DeviceFailures;
import com.schoolops.sla.state.DeviceFault;
import com.schoolops.sla.state.TicketState;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * REPEAT_FAILURE (SPEC section 11; seed-003: 对频繁出现故障的设备，排查根本原因): a device with the contract's
 * {@code repeatFailure.count} faults within {@code repeatFailure.within}. A fault is a ticket OPENED naming the device,
 * unless the device is in a DOWN episode that was counted already (the same fault, reported); or a DOWN verdict outside
 * a MAINTENANCE window of the site or the device when no open ticket opened by then names the device (that ticket is the
 * fault). An episode runs from the DOWN verdict until the device is published anything but DOWN or UNREACHABLE. Each is
 * judged as the ticket stage hears it, in event-time order (a verdict live falls on the tick after the one replay
 * gives it, so a ticket opened in between may count for the DOWN in one run and not in the other). Once raised, the
 * device's faults start again from none, and those up to {@code within} after the last one are not counted: one
 * REPEAT_FAILURE per device per {@code within}. Owns the repeat-failure store (per device, at most count faults).
 */
final class RepeatFailures {
    /** The store's name names its changelog: it never changes. */
    static final String STORE = "repeat-failure-store";

    private final KeyValueStore<String, DeviceFailures> records;
    private final TicketBook tickets;
    private final SiteView sites;
    private final ContractBook contracts;
    private final Escalations escalations;

    RepeatFailures(ProcessorContext<?, ?> context, TicketBook tickets, SiteView sites, ContractBook contracts, Escalations escalations) {
        this.records = context.getStateStore(STORE);
        this.tickets = tickets;
        this.sites = sites;
        this.contracts = contracts;
        this.escalations = escalations;
    }

    static List<StoreBuilder<?>> stores(boolean caching) {
        return List.of(StateStores.of(STORE, DeviceFailures.class, caching));
    }

    /** A device's published state changed: a DOWN verdict may be a fault; anything but DOWN and UNREACHABLE ends its episode. */
    Optional<Escalation> healthChanged(DeviceHealthChange change, String contractId) {
        HealthState state = change.getState();
        String key = KeySerde.join(change.getSiteId(), change.getDeviceId());
        DeviceFailures r = records.get(key);
        if (state == HealthState.DOWN && (r == null || r.getDownSince() == null)) {
            r = r != null ? r : empty(change.getSiteId(), change.getDeviceId());
            long at = change.getAt();
            boolean covered = SiteWindows.maintenanceOf(sites.schedule(change.getSiteId()), change.getDeviceId(), at).isPresent()
                    || ticketOpenAt(change.getSiteId(), change.getDeviceId(), at);
            r.setDownSince(at);
            r.setDownCounted(!covered);
            Optional<Escalation> raised = Optional.empty();
            if (!covered) {
                SiteView.KnownDevice device = sites.device(change.getSiteId(), change.getDeviceId());
                raised = add(r, new DeviceFault(at, null, device == null ? null : device.lastSeenBucket()), contractOf(contractId, change.getSiteId()));
            }
            save(key, r);
            return raised;
        }
        if (r != null && r.getDownSince() != null && state != HealthState.DOWN && state != HealthState.UNREACHABLE) {
            r.setDownSince(null);
            r.setDownCounted(false);
            save(key, r);
        }
        return Optional.empty();
    }

    /** A ticket OPENED naming a device, accepted by the ticket clocks: a fault, unless its device's DOWN episode counted already. */
    Optional<Escalation> opened(TicketState t) {
        if (t.getDeviceId() == null) {
            return Optional.empty();
        }
        String key = KeySerde.join(t.getSiteId(), t.getDeviceId());
        DeviceFailures r = records.get(key);
        if (r != null && r.getDownSince() != null && r.getDownCounted()) {
            return Optional.empty();
        }
        r = r != null ? r : empty(t.getSiteId(), t.getDeviceId());
        Optional<Escalation> raised = add(r, new DeviceFault(t.getOpenedAt(), t.getTicketId(), null), t.getContractId());
        save(key, r);
        return raised;
    }

    /** A device that left its site takes its faults with it. */
    void left(String siteId, String deviceId) {
        records.delete(KeySerde.join(siteId, deviceId));
    }

    /** A site that leaves the service: its devices' faults go. */
    void siteLeft(String siteId) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, DeviceFailures> it = records.prefixScan(siteId + KeySerde.SEP, Serdes.String().serializer())) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        keys.forEach(records::delete);
    }

    /** Whether a ticket naming the device, opened by {@code at}, is open (not resolved) as far as has been read. */
    private boolean ticketOpenAt(String siteId, String deviceId, long at) {
        return tickets.openTickets(siteId, deviceId).stream().map(tickets::get)
                .anyMatch(t -> t != null && t.getOpenedAt() <= at);
    }

    /** The device's contract, else its site's (null when neither is known: the default terms, the policies' tiers). */
    private String contractOf(String deviceContract, String siteId) {
        if (deviceContract != null) {
            return deviceContract;
        }
        com.schoolops.sla.avro.Site site = sites.site(siteId);
        return site == null ? null : site.getContractId();
    }

    private Optional<Escalation> add(DeviceFailures r, DeviceFault fault, String contractId) {
        RepeatFailureTerms terms = contracts.inForce(contractId, fault.getAt()).map(c -> c.contract().repeatFailure())
                .orElse(RepeatFailureTerms.DEFAULT);
        List<DeviceFault> repeated = count(r, fault, terms);
        if (repeated.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(escalation(r, repeated, terms, contractId));
    }

    /**
     * The counting, pure: {@code fault} joins the record's faults (in time order; one already there, or in the quiet
     * after the last REPEAT_FAILURE, does not), those more than {@code within} older than the newest go; when
     * {@code count} are left they are returned, oldest first, and the record starts again from none, quiet until
     * {@code within} after the newest. Empty when nothing is raised.
     */
    static List<DeviceFault> count(DeviceFailures r, DeviceFault fault, RepeatFailureTerms terms) {
        long within = terms.within().toMillis();
        if (r.getFiredAt() != null) {
            if (fault.getAt() <= r.getFiredAt() + within) {
                return List.of();
            }
            r.setFiredAt(null); // the quiet is over
        }
        if (r.getFaults().stream().anyMatch(f -> name(f).equals(name(fault)))) {
            return List.of();
        }
        List<DeviceFault> faults = new ArrayList<>(r.getFaults());
        faults.add(fault);
        faults.sort(Comparator.comparingLong(DeviceFault::getAt));
        long newest = faults.get(faults.size() - 1).getAt();
        faults.removeIf(f -> f.getAt() < newest - within);
        while (faults.size() > terms.count()) {
            faults.remove(0);
        }
        if (faults.size() < terms.count()) {
            r.setFaults(faults);
            return List.of();
        }
        r.setFaults(new ArrayList<>());
        r.setFiredAt(newest);
        return faults;
    }

    /** What names a fault in every run: its ticket, or the silence before the DOWN (its verdict's time where that is not known). */
    static String name(DeviceFault f) {
        return f.getTicketId() != null ? "ticket:" + f.getTicketId() : "down:" + Objects.requireNonNullElse(f.getSilence(), f.getAt());
    }

    /** Tier 3 (the policies' tiers), at the last fault, named by the device and that fault. */
    private Escalation escalation(DeviceFailures r, List<DeviceFault> faults, RepeatFailureTerms terms, String contractId) {
        DeviceFault last = faults.get(faults.size() - 1);
        SiteView.KnownDevice device = sites.device(r.getSiteId(), r.getDeviceId());
        String what = (device == null ? "" : device.deviceType() + " ") + r.getDeviceId();
        List<String> zh = new ArrayList<>();
        List<String> en = new ArrayList<>();
        for (DeviceFault f : faults) {
            String time = escalations.time(f.getAt(), contractId, r.getSiteId());
            zh.add(f.getTicketId() != null ? time + " 报修（工单 " + f.getTicketId() + "）" : time + " 离线（无工单）");
            en.add(f.getTicketId() != null ? "ticket " + f.getTicketId() + " opened " + time : "down at " + time + " with no ticket");
        }
        String within = Durations.format(terms.within());
        String message = "设备 " + r.getDeviceId() + "（学校 " + r.getSiteId() + "）" + within + " 内故障 " + faults.size() + " 次："
                + String.join("，", zh) + "，请排查根本原因。 " + what + " of site " + r.getSiteId() + " failed " + faults.size()
                + " times within " + within + ": " + String.join(", ", en) + "; look for the root cause.";
        return escalations.ofDeviceFaults(r.getDeviceId(), r.getSiteId(), contractId, EscalationType.REPEAT_FAILURE, name(last), last.getAt(), message);
    }

    private static DeviceFailures empty(String siteId, String deviceId) {
        return DeviceFailures.newBuilder().setSiteId(siteId).setDeviceId(deviceId).setFaults(new ArrayList<>()).build();
    }

    /** A record that holds nothing any more goes (a device that never fails has none). */
    private void save(String key, DeviceFailures r) {
        if (r.getFaults().isEmpty() && r.getDownSince() == null && r.getFiredAt() == null) {
            records.delete(key);
        } else {
            records.put(key, r);
        }
    }
}
