package com.schoolops.sla.report;

import com.schoolops.sla.avro.KpiGranularity;
import com.schoolops.sla.avro.KpiScope;
import com.schoolops.sla.avro.SlaKpi;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A month of a contract's or a site's service, from its DAILY KPI records: the daily figures, and the month's own,
 * added up from the days' counts (a month's compliance is its met clocks over its decided clocks, not a mean of the
 * days' percentages), against the contract's quality targets.
 */
public record ServiceReview(KpiScope scope, String scopeId, YearMonth month, List<SlaKpi> days, Month total,
                            Map<String, Double> targets) {

    /** The month's figures; a share or mean of nothing is null. */
    public record Month(int ticketsOpened, int ticketsResolved, Double responseCompliancePct, int responseDecided,
                        Double restoreCompliancePct, int restoreDecided, Double meanTimeToAcknowledgeMs, Double meanTimeToRestoreMs,
                        Double repairRatePct, int faultsOpened, Double meanSatisfaction, Double satisfiedPct, int ratings,
                        Map<String, Integer> breachesByClock, Double deviceAvailabilityPct) {

        /** The figure a target names, by its SlaKpi field name. */
        public Double figure(String field) {
            return switch (field) {
                case "responseCompliancePct" -> responseCompliancePct;
                case "restoreCompliancePct" -> restoreCompliancePct;
                case "repairRatePct" -> repairRatePct;
                case "satisfiedPct" -> satisfiedPct;
                case "deviceAvailabilityPct" -> deviceAvailabilityPct;
                default -> throw new IllegalArgumentException("no KPI target called " + field);
            };
        }
    }

    /** The review of {@code scopeId}'s {@code month} among {@code kpis} (any records: the others are left out). */
    public static ServiceReview of(List<SlaKpi> kpis, KpiScope scope, String scopeId, YearMonth month, Map<String, Double> targets) {
        List<SlaKpi> days = days(kpis, scope, scopeId, month, month);
        return new ServiceReview(scope, scopeId, month, days, total(days), targets);
    }

    /** The DAILY records of {@code scopeId} among {@code kpis} whose day is in the months {@code from} to {@code to}, oldest first. */
    public static List<SlaKpi> days(List<SlaKpi> kpis, KpiScope scope, String scopeId, YearMonth from, YearMonth to) {
        return kpis.stream()
                .filter(k -> k.getScope() == scope && k.getScopeId().equals(scopeId) && k.getGranularity() == KpiGranularity.DAILY)
                .filter(k -> !YearMonth.from(localDate(k)).isBefore(from) && !YearMonth.from(localDate(k)).isAfter(to))
                .sorted(Comparator.comparingLong(SlaKpi::getWindowStart))
                .toList();
    }

    /**
     * The local date of a daily window: the date at its middle, read in UTC, is the date of the day in any zone within
     * twelve hours of UTC (a Shanghai day, 16:00Z to 16:00Z, has its middle at 04:00Z of that date).
     */
    public static LocalDate localDate(SlaKpi day) {
        return Instant.ofEpochMilli((day.getWindowStart() + day.getWindowEnd()) / 2).atZone(ZoneOffset.UTC).toLocalDate();
    }

    /** The figures of a run of days, added up from their counts. */
    public static Month total(List<SlaKpi> days) {
        int opened = 0, resolved = 0, respDecided = 0, restDecided = 0, faults = 0, acked = 0, ratings = 0;
        double respMet = 0, restMet = 0, repaired = 0, ackSum = 0, restoreSum = 0, ratingSum = 0, satisfied = 0, availableMs = 0;
        long trackedMs = 0;
        Map<String, Integer> breaches = new TreeMap<>();
        for (SlaKpi d : days) {
            opened += d.getTicketsOpened();
            resolved += d.getTicketsResolved();
            respDecided += d.getResponseDecided();
            respMet += share(d.getResponseCompliancePct(), d.getResponseDecided());
            restDecided += d.getRestoreDecided();
            restMet += share(d.getRestoreCompliancePct(), d.getRestoreDecided());
            faults += d.getFaultsOpened();
            repaired += share(d.getRepairRatePct(), d.getFaultsOpened());
            acked += d.getTicketsAcknowledged();
            ackSum += d.getMeanTimeToAcknowledgeMs() == null ? 0 : (double) d.getMeanTimeToAcknowledgeMs() * d.getTicketsAcknowledged();
            restoreSum += d.getMeanTimeToRestoreMs() == null ? 0 : (double) d.getMeanTimeToRestoreMs() * d.getTicketsResolved();
            ratings += d.getRatings();
            ratingSum += d.getMeanSatisfaction() == null ? 0 : d.getMeanSatisfaction() * d.getRatings();
            satisfied += share(d.getSatisfiedPct(), d.getRatings());
            d.getBreachesByClock().forEach((clock, n) -> breaches.merge(clock, n, Integer::sum));
            trackedMs += d.getTrackedDeviceMs();
            availableMs += d.getDeviceAvailabilityPct() == null ? 0 : d.getDeviceAvailabilityPct() * d.getTrackedDeviceMs() / 100.0;
        }
        return new Month(opened, resolved, pct(respMet, respDecided), respDecided, pct(restMet, restDecided), restDecided,
                acked == 0 ? null : ackSum / acked, resolved == 0 ? null : restoreSum / resolved, pct(repaired, faults), faults,
                ratings == 0 ? null : ratingSum / ratings, pct(satisfied, ratings), ratings, breaches,
                trackedMs == 0 ? null : 100.0 * availableMs / trackedMs);
    }

    /** The count a percentage of a base stands for (the days' records carry the base, so nothing is lost). */
    private static double share(Double pct, int base) {
        return pct == null ? 0 : Math.round(pct * base / 100.0);
    }

    private static Double pct(double part, int whole) {
        return whole == 0 ? null : 100.0 * part / whole;
    }

    /** The days of the month that have a record, for charts: one entry per calendar day, null where none. */
    public List<SlaKpi> calendar() {
        List<SlaKpi> byDay = new ArrayList<>();
        for (int d = 1; d <= month.lengthOfMonth(); d++) {
            LocalDate date = month.atDay(d);
            byDay.add(days.stream().filter(k -> localDate(k).equals(date)).findFirst().orElse(null));
        }
        return byDay;
    }
}
