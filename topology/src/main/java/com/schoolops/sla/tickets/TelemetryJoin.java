package com.schoolops.sla.tickets;

import com.schoolops.sla.avro.DeviceHealthChange;
import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.HealthState;
import com.schoolops.sla.config.Durations;
import com.schoolops.sla.escalation.Escalations;
import com.schoolops.sla.site.SiteView;
import com.schoolops.sla.site.SiteView.KnownDevice;
import com.schoolops.sla.policy.SiteWindows;
import com.schoolops.sla.state.TicketState;
import com.schoolops.sla.timers.TimerService;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Tickets joined with what the devices' heartbeats say: a device down past the grace with no open ticket
 * (UNTICKETED_OUTAGE), a ticket resolved while its device is still silent (RESOLVED_WHILE_DOWN), the device of an
 * open ticket back (DEVICE_RECOVERED). It reads the tickets ({@link TicketBook}); the ticket clocks do not read it.
 */
final class TelemetryJoin {

    private final SiteView sites;
    private final Escalations escalations;
    private final TimerService<TicketTimer> timers;
    private final TicketOutputs outputs;
    private final Duration unticketedGrace;
    private final TicketBook tickets;

    TelemetryJoin(SiteView sites, Escalations escalations, TimerService<TicketTimer> timers, TicketOutputs outputs, Duration unticketedGrace,
                  TicketBook tickets) {
        this.sites = sites;
        this.escalations = escalations;
        this.timers = timers;
        this.outputs = outputs;
        this.unticketedGrace = unticketedGrace;
        this.tickets = tickets;
    }

    /** A change of {@code c}'s device: a grace starts when it goes DOWN, and its open tickets hear when it is back. */
    void onHealthChange(DeviceHealthChange c, long now) {
        if (c.getState() == HealthState.DOWN && c.getPrevious() != HealthState.DOWN) {
            // Due when the grace ends; the outage's start is the due time less the grace.
            timers.schedule(TicketTimer.unticketed(c.getSiteId(), c.getDeviceId()), c.getAt() + unticketedGrace.toMillis());
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
    void checkUnticketed(String siteId, String deviceId, long dueAt, long now) {
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
            timers.schedule(TicketTimer.unticketed(siteId, deviceId), maintenance.get().getEnd() + unticketedGrace.toMillis());
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
