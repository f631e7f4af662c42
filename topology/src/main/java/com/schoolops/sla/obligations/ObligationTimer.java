package com.schoolops.sla.obligations;

import com.schoolops.sla.serde.KeySerde;
import com.schoolops.sla.timers.TimerKeys;

/**
 * A timer of the obligations stage: an occurrence's due-soon ('D') or its verdict at the period's end ('M'), keyed by
 * the occurrence (site, obligation, the period's first local day; NUL-joined). The tags and names are stable: they are
 * in the changelog and on dead-letters.
 */
record ObligationTimer(TimerKeys.Kind<ObligationTimer> kind, String occurrence) {
    static final TimerKeys.Kind<ObligationTimer> DUE_SOON = new TimerKeys.Kind<>('D', "OBLIGATION_DUE_SOON", id -> new ObligationTimer(ObligationTimer.DUE_SOON, id));
    static final TimerKeys.Kind<ObligationTimer> MISSED = new TimerKeys.Kind<>('M', "OBLIGATION_MISSED", id -> new ObligationTimer(ObligationTimer.MISSED, id));
    static final TimerKeys<ObligationTimer> KEYS = TimerKeys.of(ObligationTimer::kind, ObligationTimer::occurrence, DUE_SOON, MISSED);

    /** An occurrence's key in the stage's stores and timers: its site first, so a site's occurrences are adjacent. */
    static String occurrenceKey(String siteId, String obligationId, String firstDay) {
        return KeySerde.join(siteId, obligationId, firstDay);
    }
}
