package com.schoolops.sla.report;

import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.KpiScope;
import com.schoolops.sla.avro.SlaKpi;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class HotspotsTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final YearMonth MARCH = YearMonth.of(2026, 3);

    static Escalation escalation(EscalationType type, String contract, String site, String device, String at) {
        return Escalation.newBuilder().setEscalationId(type + device + at).setType(type).setTier(1).setSiteId(site)
                .setContractId(contract).setDeviceId(device).setAt(Instant.parse(at).toEpochMilli()).setMessage("").build();
    }

    @Test
    void aContractsWorstSitesAndDevicesRankByBreachesThenOutagesWithinItsMonthAndItsSitesOnly() {
        List<Escalation> month = List.of(
                escalation(EscalationType.SLA_BREACH, "c-1", "school-1", "srv-1", "2026-03-02T01:00:00Z"),
                escalation(EscalationType.SLA_BREACH, "c-1", "school-1", "srv-1", "2026-03-03T01:00:00Z"),
                escalation(EscalationType.UNTICKETED_OUTAGE, "c-1", "school-2", "sw-2", "2026-03-04T01:00:00Z"),
                escalation(EscalationType.UNTICKETED_OUTAGE, "c-1", "school-2", "sw-2", "2026-03-05T01:00:00Z"),
                // A site outage names no contract: school-2 is c-1's, so it counts; school-9's is another contract's.
                escalation(EscalationType.SITE_OUTAGE, null, "school-2", "sw-2", "2026-03-05T01:00:00Z"),
                escalation(EscalationType.SITE_OUTAGE, null, "school-9", "sw-9", "2026-03-05T01:00:00Z"),
                escalation(EscalationType.SLA_BREACH, "c-2", "school-9", "srv-9", "2026-03-06T01:00:00Z"),
                // Warnings are no trouble yet; 1 April 00:30 in Shanghai is 31 March 16:30Z: next month.
                escalation(EscalationType.SLA_WARNING, "c-1", "school-3", "srv-3", "2026-03-06T01:00:00Z"),
                escalation(EscalationType.SLA_BREACH, "c-1", "school-3", "srv-3", "2026-03-31T16:30:00Z"));
        SlaKpi school2Day = ServiceReviewTest.day("2026-03-03T16:00:00Z", 90.0, 3_600_000, null, 0);
        school2Day.setScopeId("school-2");

        Hotspots h = Hotspots.of(month, List.of(school2Day), KpiScope.CONTRACT, "c-1", MARCH, SHANGHAI);

        assertEquals(List.of(new Hotspots.Site("school-1", 2, 0, 0, null), new Hotspots.Site("school-2", 0, 1, 2, 90.0)), h.sites());
        assertEquals(List.of(new Hotspots.Device("srv-1", "school-1", 2, 0), new Hotspots.Device("sw-2", "school-2", 0, 3)), h.devices());
    }

    @Test
    void aSitesReviewHasOnlyThatSite() {
        Hotspots h = Hotspots.of(List.of(
                escalation(EscalationType.SLA_BREACH, "c-1", "school-1", "srv-1", "2026-03-02T01:00:00Z"),
                escalation(EscalationType.SLA_BREACH, "c-1", "school-2", "srv-2", "2026-03-02T01:00:00Z")),
                List.of(), KpiScope.SITE, "school-2", MARCH, SHANGHAI);
        assertEquals(List.of("school-2"), h.sites().stream().map(Hotspots.Site::siteId).toList());
        assertEquals(List.of("srv-2"), h.devices().stream().map(Hotspots.Device::deviceId).toList());
    }
}
