package com.schoolops.sla.obligations;

import com.schoolops.sla.serde.KeySerde;
import com.schoolops.sla.timers.TimerKeys;

/**
 * A timer of the obligations stage, keyed by the occurrence (site, obligation, the period's first local day;
 * NUL-joined): its due-soon ('D'), its verdict at the period's end ('M'), a contract-year quarter's end ('B', one entry
 * per checkpoint: its time tells the quarter) and a counted visit's written record falling due ('R', the occurrence and
 * the visitId). The tags and names are stable: they are in the changelog and on dead-letters.
 *
 * @param visitId the visit whose record is due ('R'); null for the others
 */
record ObligationTimer(TimerKeys.Kind<ObligationTimer> kind, String occurrence, String visitId) {
    static final TimerKeys.Kind<ObligationTimer> DUE_SOON = new TimerKeys.Kind<>('D', "OBLIGATION_DUE_SOON", id -> new ObligationTimer(ObligationTimer.DUE_SOON, id));
    static final TimerKeys.Kind<ObligationTimer> MISSED = new TimerKeys.Kind<>('M', "OBLIGATION_MISSED", id -> new ObligationTimer(ObligationTimer.MISSED, id));
    static final TimerKeys.Kind<ObligationTimer> BEHIND = new TimerKeys.Kind<>('B', "OBLIGATION_BEHIND", id -> new ObligationTimer(ObligationTimer.BEHIND, id));
    static final TimerKeys.Kind<ObligationTimer> RECORD_DUE = new TimerKeys.Kind<>('R', "VISIT_RECORD_LATE", ObligationTimer::recordDue);
    static final TimerKeys<ObligationTimer> KEYS = TimerKeys.of(ObligationTimer::kind, ObligationTimer::id, DUE_SOON, MISSED, BEHIND, RECORD_DUE);

    ObligationTimer(TimerKeys.Kind<ObligationTimer> kind, String occurrence) {
        this(kind, occurrence, null);
    }

    /** An occurrence's key in the stage's stores and timers: its site first, so a site's occurrences are adjacent. */
    static String occurrenceKey(String siteId, String obligationId, String firstDay) {
        return KeySerde.join(siteId, obligationId, firstDay);
    }

    private String id() {
        return visitId == null ? occurrence : KeySerde.join(occurrence, visitId);
    }

    /** The occurrence's three parts, then the visit (its id is the last part: it may hold anything). */
    private static ObligationTimer recordDue(String id) {
        String[] parts = KeySerde.parts(id, 4);
        return new ObligationTimer(RECORD_DUE, occurrenceKey(parts[0], parts[1], parts[2]), parts[3]);
    }
}
