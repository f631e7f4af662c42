package com.schoolops.sla.tickets;

import com.schoolops.sla.avro.SlaClock;

/**
 * One SLA clock of a ticket as the ops team reads it at an instant: where it stands against its target, in the clock's
 * own time (working time for working-time clocks).
 *
 * @param deadline   when it breaches if it keeps running: null while paused, stopped or already breached
 * @param usedMs     clock time used so far
 * @param timeLeftMs clock time left before the breach (negative once breached)
 * @param usedPct    the share of the target used, in percent
 * @param tier       the tier its breach escalates to
 */
public record ClockReading(String ticketId, String siteId, String deviceId, String contractId, String severity, SlaClock clock,
                           String target, boolean working, java.time.Instant deadline, long usedMs, long timeLeftMs, double usedPct,
                           boolean paused, boolean stopped, boolean breached, int tier) {

    /** Running: neither paused nor stopped. */
    public boolean running() {
        return !paused && !stopped;
    }
}
