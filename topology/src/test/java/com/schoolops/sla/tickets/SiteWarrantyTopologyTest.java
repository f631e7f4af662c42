package com.schoolops.sla.tickets;

import com.schoolops.sla.avro.Device;
import com.schoolops.sla.avro.DeviceType;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.Site;
import com.schoolops.sla.avro.TicketEventType;
import com.schoolops.sla.testing.Fleet;
import com.schoolops.sla.testing.TopologyHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * SPEC section 9, contract fields: a device whose registry {@code warrantyUntil} is null takes its site's warranty end,
 * the site's {@code acceptedAt} plus the contract's {@code warranty.years}; a device's own date wins. The bundled
 * seed-004 (warranty 1 year) gives severity C RESPONSE 15m and ON_SITE 2h from OPENED, and out of warranty RESPONSE 2h
 * and ON_SITE 4h. Every ticket here is opened at T0, Monday 2026-03-02 09:00 in Shanghai, and never acknowledged: its
 * SLA_BREACHes fall at its two deadlines.
 */
class SiteWarrantyTopologyTest {
    static final Instant T0 = TicketSlaTopologyTest.T0;

    TopologyHarness h;

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
    }

    static Site site(String siteId, Instant acceptedAt) {
        return Site.newBuilder().setSiteId(siteId).setContractId("seed-004").setAcceptedAt(acceptedAt.toEpochMilli()).build();
    }

    void door(String deviceId, String siteId, Instant warrantyUntil) {
        Device.Builder d = Device.newBuilder(Fleet.device(deviceId, DeviceType.ACCESS_CONTROL).at(siteId).build()).setContractId("seed-004");
        h.register(d.setWarrantyUntil(warrantyUntil == null ? null : warrantyUntil.toEpochMilli()).build());
    }

    /** "ticket CLOCK due +offset" for each SLA_BREACH, ticket by ticket. */
    List<String> breaches() {
        return h.escalations.readValuesToList().stream().filter(e -> e.getType() == EscalationType.SLA_BREACH)
                .map(e -> e.getTicketId() + " " + e.getClock() + " due +" + Duration.between(T0, Instant.ofEpochMilli(e.getDeadline())).toMinutes() + "m")
                .sorted().toList();
    }

    @Test
    void aDeviceWithoutAWarrantyDateTakesItsSitesWarrantyFromAcceptance() {
        h = new TopologyHarness(T0, Map.of("health.check-interval", "1m"));
        // school-old accepted 2025-01-15 10:00 Shanghai: warranty to 2026-01-15 10:00, before T0. school-new accepted
        // 2025-06-01 10:00: to 2026-06-01 10:00, after T0. school-none is not in site-registry.
        h.site(site("school-old", Instant.parse("2025-01-15T02:00:00Z")));
        h.site(site("school-new", Instant.parse("2025-06-01T02:00:00Z")));
        door("door-old", "school-old", null);
        door("door-new", "school-new", null);
        door("door-none", "school-none", null);
        // A device's own date wins over its site's, either way.
        door("door-old-own", "school-old", T0.plus(Duration.ofDays(30)));
        door("door-new-own", "school-new", T0.minus(Duration.ofDays(30)));
        for (String[] t : List.of(new String[]{"T-old", "school-old", "door-old"}, new String[]{"T-new", "school-new", "door-new"},
                new String[]{"T-none", "school-none", "door-none"}, new String[]{"T-old-own", "school-old", "door-old-own"},
                new String[]{"T-new-own", "school-new", "door-new-own"})) {
            h.ticket(TicketSlaTopologyTest.event(t[0], TicketEventType.OPENED, T0, t[1], t[2], null, "C"));
        }
        h.advance(Duration.ofHours(5));

        assertEquals(List.of(
                "T-new ON_SITE due +120m", "T-new RESPONSE due +15m",            // in its site's warranty
                "T-new-own ON_SITE due +240m", "T-new-own RESPONSE due +120m",  // its own date ended 30 days ago
                "T-none ON_SITE due +120m", "T-none RESPONSE due +15m",          // no site record: in warranty, as before
                "T-old ON_SITE due +240m", "T-old RESPONSE due +120m",          // its site's warranty ended 2026-01-15
                "T-old-own ON_SITE due +120m", "T-old-own RESPONSE due +15m"),   // its own date is 30 days ahead
                breaches());
    }
}
