package com.schoolops.sla.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.schoolops.sla.avro.Device;
import com.schoolops.sla.avro.DeviceDay;
import com.schoolops.sla.avro.DeviceType;
import com.schoolops.sla.avro.DownEpisode;
import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.Findings;
import com.schoolops.sla.avro.FirmwareChange;
import com.schoolops.sla.avro.KpiGranularity;
import com.schoolops.sla.avro.KpiScope;
import com.schoolops.sla.avro.MetricDay;
import com.schoolops.sla.avro.ServiceVisit;
import com.schoolops.sla.avro.Site;
import com.schoolops.sla.avro.SlaKpi;
import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.avro.TicketEventType;
import com.schoolops.sla.avro.VisitKind;
import com.schoolops.sla.avro.VisitMode;
import com.schoolops.sla.avro.VisitType;
import com.schoolops.sla.policy.Contract;
import com.schoolops.sla.policy.Policies;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A hand-made first quarter of 2026 at school-3 (Asia/Shanghai; 90 local days: January 31, February 28, March 31), as
 * the engine would have written it on device-daily, with the other records an inspection record reads. Every figure
 * below is worked out by hand in {@link InspectionRecordTest}.
 * <pre>
 *  srv-1  CLOUD_SERVER    90 days UP; 5760 of 5760 heartbeats a day; cpu 40/70, mem 60/75, temperature 62/78 (hot); firmware 5.1.0
 *  sw-1   SWITCH          90 days; 2880 heartbeats a day; cpu 10/20, mem 30/35, temperature 45/50; firmware V200R019
 *                         loss: 1 Jan - 21 Mar avg 0.2 % (every sample in the 0.5 bucket), 22-31 Mar avg 6 % (the 10 bucket)
 *                         20 Jan DOWN 10:00-11:00 (2760 heartbeats); 10 Feb maintenance 02:00-04:00, DOWN in it (2640 of 2640)
 *                         ticket T-3 (5 Jan)
 *  term-1 CLOUD_TERMINAL  90 days UP, cpu 20/50, mem 40/60, temperature 40/48; 2.4.0 until 9 Feb 10:00 (day 40), then 2.4.1
 *  term-2 CLOUD_TERMINAL  as term-1 but stays on 2.4.0; DOWN 3 Mar 09:00-09:30, 10 Mar 14:00-15:00, 17 Mar 23:00 - 18 Mar 01:00
 *                         (one outage across midnight); tickets T-1 (3 Mar, and its ACKNOWLEDGED), T-2 (10 Mar), T-4 (2 Apr: not
 *                         this quarter); REPEAT_FAILURE 17 Mar 23:10
 *  term-3 CLOUD_TERMINAL  as term-1 on 2.4.1, removed from the registry 14 Feb 12:00: 45 days, the last one half
 *  spk-1  BROADCAST_SPEAKER registered all quarter, never heard (1440 heartbeats expected a day, none received, no state)
 * </pre>
 * The contract: firmwareTargets CLOUD_TERMINAL 2.4.1 (the others are judged by their type's majority); kpiTargets response
 * 95 %, satisfied 95 %, repair rate 99 %. The site's DAILY KPIs: 15 Jan response 2 of 2, 1 rating of 5; 3 Mar response 1
 * of 2; 31 Mar obligations 2 due, 1 met, 1 missed (return-visit of Q1). Visits: RETURN_VISIT by phone 1 Feb 10:00 (4 of
 * 5), INSPECTION on site 20 Mar 10:00 by wang and li, issues found (5 of 5), one COMPLETED then CANCELLED, one in April.
 */
public final class InspectionQuarter {
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final LocalDate FIRST = LocalDate.of(2026, 1, 1);

    final List<DeviceDay> days = new ArrayList<>();
    final List<Escalation> escalations = new ArrayList<>();
    final List<SlaKpi> kpis = new ArrayList<>();
    final List<TicketEvent> tickets = new ArrayList<>();
    final List<ServiceVisit> visits = new ArrayList<>();
    final Contract contract;

    public InspectionQuarter() throws Exception {
        contract = Policies.readContract("test", new ObjectMapper().readTree("""
                {"id": "seed-003", "severities": {"GENERAL": {}},
                 "kpiTargets": {"responseCompliancePct": 95, "repairRatePct": 99, "satisfiedPct": 95},
                 "firmwareTargets": {"CLOUD_TERMINAL": "2.4.1"}}"""));
        for (int i = 0; i < 90; i++) {
            LocalDate date = FIRST.plusDays(i);
            boolean upgraded = i >= 39; // day 40, 9 Feb, on
            day("srv-1", DeviceType.CLOUD_SERVER, date, 5760, d -> d.setCpuPct(metric(40, 70, 5760)).setMemPct(metric(60, 75, 5760))
                    .setTemperatureC(metric(62, 78, 5760)).setFirmware("5.1.0"));
            day("sw-1", DeviceType.SWITCH, date, 2880, d -> switchDay(d, date));
            day("term-1", DeviceType.CLOUD_TERMINAL, date, 2880, d -> terminal(d, 2880).setFirmware(upgraded ? "2.4.1" : "2.4.0"));
            day("term-2", DeviceType.CLOUD_TERMINAL, date, 2880, d -> terminal(d, 2880).setFirmware("2.4.0"));
            if (date.isBefore(LocalDate.of(2026, 2, 14))) {
                day("term-3", DeviceType.CLOUD_TERMINAL, date, 2880, d -> terminal(d, 2880).setFirmware("2.4.1"));
            }
            day("spk-1", DeviceType.BROADCAST_SPEAKER, date, 1440, d -> d.setHeartbeatsReceived(0).setSecondsUp(0));
        }
        // term-1's upgrade on day 40
        replace("term-1", LocalDate.of(2026, 2, 9), d -> d.setFirmwareChanges(List.of(new FirmwareChange(at(2026, 2, 9, 10, 0), "2.4.0", "2.4.1"))));
        // term-2 fails three times in March, the third across midnight
        replace("term-2", LocalDate.of(2026, 3, 3), d -> down(d, 1800, at(2026, 3, 3, 9, 0), at(2026, 3, 3, 9, 30)));
        replace("term-2", LocalDate.of(2026, 3, 10), d -> down(d, 3600, at(2026, 3, 10, 14, 0), at(2026, 3, 10, 15, 0)));
        replace("term-2", LocalDate.of(2026, 3, 17), d -> down(d, 3600, at(2026, 3, 17, 23, 0), null));
        replace("term-2", LocalDate.of(2026, 3, 18), d -> down(d, 3600, at(2026, 3, 18, 0, 0), at(2026, 3, 18, 1, 0)));
        // term-3 leaves the registry at noon on 14 Feb: its last day ends there
        day("term-3", DeviceType.CLOUD_TERMINAL, LocalDate.of(2026, 2, 14), 1440, d -> terminal(d, 1440).setFirmware("2.4.1")
                .setDayEnd(at(2026, 2, 14, 12, 0)).setSecondsUp(43_200).setRemovedAt(at(2026, 2, 14, 12, 0)));
        // sw-1: down an hour on 20 Jan; down inside its maintenance on 10 Feb
        replace("sw-1", LocalDate.of(2026, 1, 20), d -> down(d, 3600, at(2026, 1, 20, 10, 0), at(2026, 1, 20, 11, 0)));
        replace("sw-1", LocalDate.of(2026, 2, 10), d -> maintenance(down(d, 7200, at(2026, 2, 10, 2, 0), at(2026, 2, 10, 4, 0)), 7200));

        escalations.add(escalation("rf-1", EscalationType.REPEAT_FAILURE, "term-2", at(2026, 3, 17, 23, 10), null, null));
        escalations.add(escalation("om-1", EscalationType.OBLIGATION_MISSED, null, at(2026, 4, 1, 0, 0), at(2026, 1, 1, 0, 0), at(2026, 4, 1, 0, 0)));
        escalations.add(escalation("rf-0", EscalationType.REPEAT_FAILURE, "term-1", at(2025, 12, 20, 8, 0), null, null)); // last quarter's

        kpis.add(kpi(LocalDate.of(2026, 1, 15), k -> k.setResponseDecided(2).setResponseCompliancePct(100.0).setRatings(1)
                .setMeanSatisfaction(5.0).setSatisfiedPct(100.0).setTicketsOpened(1)));
        kpis.add(kpi(LocalDate.of(2026, 3, 3), k -> k.setResponseDecided(2).setResponseCompliancePct(50.0).setTicketsOpened(1)));
        kpis.add(kpi(LocalDate.of(2026, 3, 31), k -> k.setObligationsDue(2).setObligationsMet(1).setObligationsMissed(1)));
        kpis.add(kpi(LocalDate.of(2026, 4, 1), k -> k.setResponseDecided(5).setResponseCompliancePct(0.0))); // the next quarter's

        tickets.add(ticket("T-1", TicketEventType.OPENED, "term-2", at(2026, 3, 3, 9, 5)));
        tickets.add(ticket("T-1", TicketEventType.ACKNOWLEDGED, "term-2", at(2026, 3, 3, 9, 10)));
        tickets.add(ticket("T-2", TicketEventType.OPENED, "term-2", at(2026, 3, 10, 14, 5)));
        tickets.add(ticket("T-3", TicketEventType.OPENED, "sw-1", at(2026, 1, 5, 8, 0)));
        tickets.add(ticket("T-4", TicketEventType.OPENED, "term-2", at(2026, 4, 2, 8, 0)));

        visits.add(visit("v-1", VisitKind.RETURN_VISIT, VisitType.COMPLETED, VisitMode.PHONE, at(2026, 2, 1, 10, 0), List.of("zhao"), null, 4));
        visits.add(visit("v-2", VisitKind.INSPECTION, VisitType.COMPLETED, VisitMode.ON_SITE, at(2026, 3, 20, 10, 0), List.of("wang", "li"),
                Findings.ISSUES_FOUND, 5));
        visits.add(visit("v-3", VisitKind.MAINTENANCE_VISIT, VisitType.COMPLETED, VisitMode.ON_SITE, at(2026, 3, 5, 10, 0), List.of("wang"), null, 1));
        visits.add(visit("v-3", VisitKind.MAINTENANCE_VISIT, VisitType.CANCELLED, null, at(2026, 3, 5, 11, 0), List.of(), null, null));
        visits.add(visit("v-4", VisitKind.INSPECTION, VisitType.COMPLETED, VisitMode.ON_SITE, at(2026, 4, 3, 10, 0), List.of("wang"), null, 3));
    }

    public InspectionRecord.Inputs inputs() {
        Site site = Site.newBuilder().setSiteId("school-3").setName("第三实验中学").setContractId("seed-003")
                .setAcceptedAt(at(2025, 9, 1, 0, 0)).setLanguage("zh").build();
        Device server = Device.newBuilder().setDeviceId("srv-1").setDeviceType(DeviceType.CLOUD_SERVER).setSiteId("school-3")
                .setContractId("seed-003").setCritical(true).build();
        return new InspectionRecord.Inputs(days, escalations, kpis, tickets, visits, Map.of("school-3", site), Map.of("srv-1", server));
    }

    InspectionRecord record() {
        return InspectionRecord.of(inputs(), "school-3", ReportPeriod.quarter("2026Q1"), SHANGHAI, contract);
    }

    static long at(int y, int m, int d, int h, int min) {
        return LocalDateTime.of(y, m, d, h, min).atZone(SHANGHAI).toInstant().toEpochMilli();
    }

    static MetricDay metric(double avg, double max, int samples) {
        return new MetricDay(Math.min(avg, 0), avg, max, samples);
    }

    /** A device's whole local day, UP throughout, every heartbeat received; {@code more} changes it. */
    private void day(String id, DeviceType type, LocalDate date, int heartbeats, Consumer<DeviceDay.Builder> more) {
        days.removeIf(d -> d.getDeviceId().equals(id) && d.getDay().equals(date.toString()));
        DeviceDay.Builder b = DeviceDay.newBuilder().setDeviceId(id).setSiteId("school-3").setDeviceType(type).setContractId("seed-003")
                .setDay(date.toString()).setZone(SHANGHAI.getId()).setDayStart(date.atStartOfDay(SHANGHAI).toInstant().toEpochMilli())
                .setDayEnd(date.plusDays(1).atStartOfDay(SHANGHAI).toInstant().toEpochMilli()).setHeartbeatsReceived(heartbeats)
                .setHeartbeatsExpected(heartbeats).setSecondsUp(86_400);
        more.accept(b);
        days.add(b.build());
    }

    /** Changes the day already made. */
    private void replace(String id, LocalDate date, Consumer<DeviceDay.Builder> change) {
        DeviceDay old = days.stream().filter(d -> d.getDeviceId().equals(id) && d.getDay().equals(date.toString())).findFirst().orElseThrow();
        DeviceDay.Builder b = DeviceDay.newBuilder(old);
        change.accept(b);
        days.remove(old);
        days.add(b.build());
    }

    /** DOWN for {@code seconds} in one episode, its heartbeats missing (and its metrics' samples with them). */
    private static DeviceDay.Builder down(DeviceDay.Builder b, int seconds, long start, Long end) {
        int interval = 86_400 / b.getHeartbeatsExpected();
        b.setSecondsDown(seconds).setSecondsUp(b.getSecondsUp() - seconds).setHeartbeatsReceived(b.getHeartbeatsReceived() - seconds / interval)
                .setDownEpisodes(List.of(new DownEpisode(start, end, false)));
        return samples(b);
    }

    /** {@code seconds} of the day in maintenance, the day's DOWN episode inside it; every heartbeat expected outside it came. */
    private static DeviceDay.Builder maintenance(DeviceDay.Builder b, int seconds) {
        b.setSecondsMaintenance(seconds).setHeartbeatsExpected(b.getHeartbeatsExpected() - seconds / 30).setHeartbeatsReceived(b.getHeartbeatsExpected())
                .setDownEpisodes(b.getDownEpisodes().stream().map(e -> new DownEpisode(e.getStart(), e.getEnd(), true)).toList());
        return samples(b);
    }

    /** The metrics' samples are the heartbeats received. */
    private static DeviceDay.Builder samples(DeviceDay.Builder b) {
        int n = b.getHeartbeatsReceived();
        for (MetricDay m : new MetricDay[]{b.getCpuPct(), b.getMemPct(), b.getTemperatureC()}) {
            if (m != null) {
                m.setSamples(n);
            }
        }
        if (b.getPacketLossPct() != null) {
            b.setPacketLossPct(metric(b.getPacketLossPct().getAvg(), b.getPacketLossPct().getMax(), n))
                    .setPacketLossBuckets(buckets(b.getPacketLossBuckets().indexOf(b.getPacketLossBuckets().stream().max(Integer::compare).orElseThrow()), n));
        }
        return b;
    }

    private static DeviceDay.Builder terminal(DeviceDay.Builder d, int samples) {
        return d.setCpuPct(metric(20, 50, samples)).setMemPct(metric(40, 60, samples)).setTemperatureC(metric(40, 48, samples));
    }

    private static void switchDay(DeviceDay.Builder d, LocalDate date) {
        d.setCpuPct(metric(10, 20, 2880)).setMemPct(metric(30, 35, 2880)).setTemperatureC(metric(45, 50, 2880)).setFirmware("V200R019");
        boolean lossy = !date.isBefore(LocalDate.of(2026, 3, 22));
        d.setPacketLossPct(lossy ? metric(6, 10, 2880) : metric(0.2, 0.5, 2880)).setPacketLossBuckets(lossy ? buckets(5, 2880) : buckets(1, 2880));
    }

    /** Every sample in bucket {@code i} (0, 0.5, 1, 2, 5, 10, 20, 100 %). */
    static List<Integer> buckets(int i, int samples) {
        Integer[] b = new Integer[8];
        Arrays.fill(b, 0);
        b[i] = samples;
        return List.of(b);
    }

    private static Escalation escalation(String id, EscalationType type, String device, long at, Long periodStart, Long periodEnd) {
        return Escalation.newBuilder().setEscalationId(id).setType(type).setTier(type == EscalationType.REPEAT_FAILURE ? 3 : 2)
                .setSiteId("school-3").setDeviceId(device).setContractId("seed-003").setAt(at).setDeadline(at)
                .setObligationId(type == EscalationType.OBLIGATION_MISSED ? "return-visit" : null).setPeriodStart(periodStart).setPeriodEnd(periodEnd)
                .setMessage(type + " " + (device == null ? "" : device)).build();
    }

    private static SlaKpi kpi(LocalDate day, Consumer<SlaKpi.Builder> more) {
        long start = day.atStartOfDay(SHANGHAI).toInstant().toEpochMilli();
        SlaKpi.Builder k = SlaKpi.newBuilder().setScope(KpiScope.SITE).setScopeId("school-3").setGranularity(KpiGranularity.DAILY)
                .setWindowStart(start).setWindowEnd(start + 86_400_000L).setBreachesByClock(Map.of());
        more.accept(k);
        return k.build();
    }

    private static TicketEvent ticket(String id, TicketEventType type, String device, long at) {
        return TicketEvent.newBuilder().setTicketId(id).setType(type).setTimestamp(at).setSiteId("school-3").setDeviceId(device)
                .setSeverity(type == TicketEventType.OPENED ? "GENERAL" : null).build();
    }

    private static ServiceVisit visit(String id, VisitKind kind, VisitType type, VisitMode mode, long at, List<String> engineers, Findings findings,
                                      Integer satisfaction) {
        return ServiceVisit.newBuilder().setVisitId(id).setSiteId("school-3").setKind(kind).setType(type).setMode(mode).setTimestamp(at)
                .setEngineers(engineers).setFindings(findings).setSatisfaction(satisfaction).build();
    }
}
