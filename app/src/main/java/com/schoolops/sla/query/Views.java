package com.schoolops.sla.query;

import com.schoolops.sla.tickets.ClockReading;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What the query API answers, as JSON: instants are ISO-8601 strings, as in replay files; durations milliseconds. */
public final class Views {
    private Views() {
    }

    /** A site at a glance: RED in an outage, AMBER with a device not UP, GREEN otherwise. */
    public record SiteSummary(String siteId, String status, int devices, Map<String, Integer> devicesByState, Outage outage) {
    }

    /** A site's open outage. */
    public record Outage(Instant startedAt, int devicesDown, int devicesTotal, String rootCauseDeviceId, boolean escalated) {
    }

    /** One site with its devices. */
    public record SiteDetail(SiteSummary site, List<DeviceView> devices) {
        /** With each device's newest heartbeat, where one was heard later than its verdict's. */
        public SiteDetail heard(Map<String, Instant> heard) {
            return new SiteDetail(site, devices.stream().map(d -> d.heardAt(heard.get(d.deviceId()))).toList());
        }
    }

    /**
     * A device as device health last judged it: {@code state} as published (FLAPPING included), {@code reason} why it
     * is not UP, {@code rootCauseDeviceId} the device it is unreachable behind.
     */
    public record DeviceView(String deviceId, String siteId, String deviceType, String contractId, String state, Instant lastSeen,
                             String reason, String rootCauseDeviceId, String parentDeviceId, boolean critical) {
        /** With its newest heartbeat, where the liveness stage heard one later than the verdict's. */
        public DeviceView heardAt(Instant heard) {
            return heard == null || (lastSeen != null && !heard.isAfter(lastSeen)) ? this
                    : new DeviceView(deviceId, siteId, deviceType, contractId, state, heard, reason, rootCauseDeviceId, parentDeviceId, critical);
        }
    }



    /** An open ticket with its clocks. */
    public record TicketView(String ticketId, String siteId, String deviceId, String contractId, String severity, String category,
                             Instant openedAt, Instant acknowledgedAt, Instant resolvedAt, boolean dispatched, int reopened,
                             List<ClockReading> clocks) {
    }

    /** An answer of the whole application: the items, and the instances that could not answer (then it is partial). */
    /** {@code next}: where the following page starts, for the paged lists (null on the last page, and for lists not paged). */
    public record Answer<T>(List<T> items, int instances, List<String> unreachable, String next) {
        public Answer(List<T> items, int instances, List<String> unreachable) {
            this(items, instances, unreachable, null);
        }
    }
}
