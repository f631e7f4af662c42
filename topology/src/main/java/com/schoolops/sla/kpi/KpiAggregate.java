package com.schoolops.sla.kpi;

import com.schoolops.sla.avro.SlaKpi;
import com.schoolops.sla.state.KpiFact;
import com.schoolops.sla.state.KpiWindow;

import java.util.HashMap;
import java.util.Map;

/** The running sums of a KPI window (pure), and the SlaKpi they make when it closes: each definition is here, once. */
public final class KpiAggregate {
    private KpiAggregate() {
    }

    /** Counts {@code fact} in {@code w}, the window its time falls in. */
    public static void add(KpiWindow w, KpiFact fact) {
        switch (fact.getKind()) {
            case OPENED -> {
                w.setTicketsOpened(w.getTicketsOpened() + 1);
                if (fact.getFault()) {
                    w.setFaultsOpened(w.getFaultsOpened() + 1);
                }
            }
            case RESOLVED -> {
                w.setTicketsResolved(w.getTicketsResolved() + 1);
                w.setRestored(w.getRestored() + 1);
                w.setRestoreSumMs(w.getRestoreSumMs() + fact.getDurationMs());
            }
            case ACKNOWLEDGED -> {
                w.setAcknowledged(w.getAcknowledged() + 1);
                w.setAcknowledgeSumMs(w.getAcknowledgeSumMs() + fact.getDurationMs());
            }
            case CLOCK_MET, CLOCK_MISSED -> {
                boolean met = fact.getKind() == com.schoolops.sla.state.KpiFactKind.CLOCK_MET;
                switch (fact.getClock()) {
                    case RESPONSE -> {
                        w.setResponseDecided(w.getResponseDecided() + 1);
                        w.setResponseMet(w.getResponseMet() + (met ? 1 : 0));
                    }
                    case RESTORE -> {
                        w.setRestoreDecided(w.getRestoreDecided() + 1);
                        w.setRestoreMet(w.getRestoreMet() + (met ? 1 : 0));
                    }
                    default -> {
                        // only RESPONSE and RESTORE have a compliance figure
                    }
                }
            }
            case SATISFACTION -> {
                w.setRated(w.getRated() + 1);
                w.setRatingSum(w.getRatingSum() + fact.getSatisfaction());
                w.setSatisfied(w.getSatisfied() + (fact.getSatisfaction() >= 4 ? 1 : 0));
            }
            case CENSUS -> {
                // device-time is integrated by the KPI stage, not counted per fact
            }
            case OBLIGATION_MET -> w.setObligationsMet(w.getObligationsMet() + 1);
            case OBLIGATION_MISSED -> w.setObligationsMissed(w.getObligationsMissed() + 1);
            case BREACH -> {
                Map<String, Integer> breaches = new HashMap<>(w.getBreachesByClock());
                breaches.merge(fact.getClock().name(), 1, Integer::sum);
                w.setBreachesByClock(breaches);
            }
        }
    }

    /** A fault opened in {@code w} was repaired while {@code w} was still open. */
    public static void repaired(KpiWindow w) {
        w.setFaultsRepaired(w.getFaultsRepaired() + 1);
    }

    /** The published figures of a closed window; a share or a mean of nothing is null, not 0. */
    public static SlaKpi kpi(KpiWindow w) {
        return SlaKpi.newBuilder()
                .setScope(w.getScope()).setScopeId(w.getScopeId()).setGranularity(w.getGranularity())
                .setWindowStart(w.getWindowStart()).setWindowEnd(w.getWindowEnd())
                .setTicketsOpened(w.getTicketsOpened()).setTicketsResolved(w.getTicketsResolved())
                .setResponseCompliancePct(pct(w.getResponseMet(), w.getResponseDecided()))
                .setRestoreCompliancePct(pct(w.getRestoreMet(), w.getRestoreDecided()))
                .setMeanTimeToAcknowledgeMs(w.getAcknowledged() == 0 ? null : w.getAcknowledgeSumMs() / w.getAcknowledged())
                .setMeanTimeToRestoreMs(w.getRestored() == 0 ? null : w.getRestoreSumMs() / w.getRestored())
                .setRepairRatePct(pct(w.getFaultsRepaired(), w.getFaultsOpened()))
                .setMeanSatisfaction(w.getRated() == 0 ? null : (double) w.getRatingSum() / w.getRated())
                .setSatisfiedPct(pct(w.getSatisfied(), w.getRated()))
                .setBreachesByClock(new HashMap<>(w.getBreachesByClock()))
                .setDeviceAvailabilityPct(w.getTrackedMs() == 0 ? null : 100.0 * w.getAvailableMs() / w.getTrackedMs())
                .setResponseDecided(w.getResponseDecided()).setRestoreDecided(w.getRestoreDecided())
                .setFaultsOpened(w.getFaultsOpened()).setTicketsAcknowledged(w.getAcknowledged()).setRatings(w.getRated())
                .setTrackedDeviceMs(w.getTrackedMs())
                .setObligationsDue(w.getObligationsMet() + w.getObligationsMissed())
                .setObligationsMet(w.getObligationsMet()).setObligationsMissed(w.getObligationsMissed())
                .build();
    }

    private static Double pct(int part, int whole) {
        return whole == 0 ? null : 100.0 * part / whole;
    }
}
