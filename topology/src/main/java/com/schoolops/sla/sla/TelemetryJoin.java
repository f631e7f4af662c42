package com.schoolops.sla.sla;

import com.schoolops.sla.avro.DeviceHealthChange;
import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.HealthState;
import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.config.Durations;
import com.schoolops.sla.escalation.Escalations;
import com.schoolops.sla.health.DeviceKey;
import com.schoolops.sla.health.SiteView;
import com.schoolops.sla.health.SiteView.KnownDevice;
import com.schoolops.sla.kpi.KpiFacts;
import com.schoolops.sla.policy.SiteWindows;
import com.schoolops.sla.state.TicketState;
import com.schoolops.sla.timers.DeadlineIndex;
import com.schoolops.sla.timers.Timer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Tickets joined with what the devices' heartbeats say: a device down past the grace with no open ticket
 * (UNTICKETED_OUTAGE), a ticket resolved while its device is still silent (RESOLVED_WHILE_DOWN), the device of an
 * open ticket back (DEVICE_RECOVERED). Each change of health also moves its site's availability counts.
 */
final class TelemetryJoin {

    /** RESOLVED_WHILE_DOWN, asked by the ticket clocks when a ticket is resolved. */
    @FunctionalInterface
    interface ResolvedWhileDown {
        Optional<Escalation> check(TicketState t, TicketEvent resolved);
    }

    private final SiteView sites;
    private final Escalations escalations;
    private final DeadlineIndex deadlines;
    private final TicketOutputs outputs;
    private final Duration unticketedGrace;
    private final CensusBatch census;
    private final TicketBook tickets;

    TelemetryJoin(SiteView sites, Escalations escalations, DeadlineIndex deadlines, TicketOutputs outputs, Duration unticketedGrace,
                  CensusBatch census, TicketBook tickets) {
        this.sites = sites;
        this.escalations = escalations;
        this.deadlines = deadlines;
        this.outputs = outputs;
        this.unticketedGrace = unticketedGrace;
        this.census = census;
        this.tickets = tickets;
    }

    /** The check the ticket clocks make on a RESOLVED: is its device still silent? */
    static ResolvedWhileDown resolvedWhileDown(SiteView sites, Escalations escalations) {
        return (t, resolved) -> {
            KnownDevice device = sites.device(t.getSiteId(), t.getDeviceId());
            if (device == null || !device.silent()) {
                return Optional.empty();
            }
            return Optional.of(escalations.ofTicket(t, EscalationType.RESOLVED_WHILE_DOWN, null, null, resolved.getTimestamp(),
                    String.valueOf(resolved.getTimestamp()), "Ticket " + t.getTicketId() + " was resolved, but " + t.getDeviceId()
                            + " still sends no heartbeat (last at " + escalations.time(device.lastSeen(), t.getContractId(), t.getSiteId()) + "): check before closing."));
        };
    }

    /** A change of {@code c}'s device, under {@code contractId}; its site's maintenance windows join the census at the tick. */
    void onHealthChange(DeviceHealthChange c, String contractId, long now) {
        KpiFacts.census(c.getSiteId(), contractId, c.getPrevious(), c.getState(), c.getAt()).ifPresent(census::pend);
        if (c.getState() == HealthState.DOWN && c.getPrevious() != HealthState.DOWN) {
            // Due when the grace ends; the outage's start is the due time less the grace.
            deadlines.schedule(c.getAt() + unticketedGrace.toMillis(), Timer.unticketed(DeviceKey.of(c.getSiteId(), c.getDeviceId()).text()));
        }
        boolean back = (c.getState() == HealthState.UP || c.getState() == HealthState.DEGRADED)
                && (c.getPrevious() == HealthState.DOWN || c.getPrevious() == HealthState.UNREACHABLE);
        if (!back) {
            return;
        }
        List<Escalation> out = new ArrayList<>();
        for (String id : tickets.openTickets(c.getSiteId(), c.getDeviceId())) {
            TicketState t = tickets.get(id);
            if (t == null) {
                continue;
            }
            t.setTelemetryRestoredAt(c.getAt());
            out.add(escalations.ofTicket(t, EscalationType.DEVICE_RECOVERED, null, null, c.getAt(), String.valueOf(c.getAt()),
                    "Device " + c.getDeviceId() + " of open ticket " + id + " is back (" + c.getState() + " since "
                            + escalations.time(c.getAt(), t.getContractId(), t.getSiteId()) + "): service looks restored; confirm and resolve the ticket."));
            tickets.put(t);
        }
        outputs.escalate(out, now);
    }

    /**
     * A device DOWN since {@code dueAt} less the grace: escalates when it is still DOWN and no open ticket names it.
     * In a maintenance window of its site it waits for the window's end, as if it had gone down then.
     */
    void checkUnticketed(String siteAndDevice, long dueAt, long now) {
        DeviceKey device = DeviceKey.parse(siteAndDevice);
        String siteId = device.siteId();
        String deviceId = device.deviceId();
        long downSince = dueAt - unticketedGrace.toMillis();
        KnownDevice d = sites.device(siteId, deviceId);
        if (d == null || d.state() != HealthState.DOWN || d.lastSeen() >= downSince) {
            return; // back, unreachable behind another device, or removed
        }
        if (!tickets.openTickets(siteId, deviceId).isEmpty()) {
            return;
        }
        var maintenance = SiteWindows.maintenanceOf(sites.schedule(siteId), deviceId, dueAt);
        if (maintenance.isPresent()) {
            // No escalation inside the window; if it is still down when the window ends, as if it went down then.
            deadlines.schedule(maintenance.get().getEnd() + unticketedGrace.toMillis(), Timer.unticketed(siteAndDevice));
            return;
        }
        // Identified by the silence's start, the checkpoint bucket of its last heartbeat (known exactly even after a
        // restart): the same outage has the same id in every run.
        Escalation e = escalations.ofDevice(deviceId, siteId, d.contractId(), EscalationType.UNTICKETED_OUTAGE, d.lastSeenBucket(), dueAt, now,
                d.deviceType() + " " + deviceId + " at " + siteId + " has sent no heartbeat since " + escalations.time(d.lastSeen(), d.contractId(), siteId)
                        + " and has been down for " + Durations.format(unticketedGrace) + "; no open ticket names it: open one.");
        outputs.escalate(List.of(e), now);
    }
}
