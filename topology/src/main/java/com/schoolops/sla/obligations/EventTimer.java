package com.schoolops.sla.obligations;

import com.schoolops.sla.serde.KeySerde;
import com.schoolops.sla.timers.TimerKeys;

/**
 * A timer of the exam-day stage, keyed by the major event (site and window start in epoch ms, NUL-joined): the
 * pre-check's due-soon ('P') and deadline ('X'), a standby count to check ('S': at the window's start and at each
 * STANDBY step inside it), the window's end ('E': its readiness is dropped once no device clock runs), the devices
 * already down when the window starts ('F'), the next threshold of its device clocks ('C') and the devices' check 24 h
 * before the start ('R', EVENT_AT_RISK). The tags and names are stable: they are in the changelog and on dead-letters.
 */
record EventTimer(TimerKeys.Kind<EventTimer> kind, String event) {
    static final TimerKeys.Kind<EventTimer> PRECHECK_DUE_SOON = new TimerKeys.Kind<>('P', "PRECHECK_DUE_SOON", id -> new EventTimer(EventTimer.PRECHECK_DUE_SOON, id));
    static final TimerKeys.Kind<EventTimer> PRECHECK_MISSED = new TimerKeys.Kind<>('X', "PRECHECK_MISSED", id -> new EventTimer(EventTimer.PRECHECK_MISSED, id));
    static final TimerKeys.Kind<EventTimer> STANDBY = new TimerKeys.Kind<>('S', "STANDBY_SHORTFALL", id -> new EventTimer(EventTimer.STANDBY, id));
    static final TimerKeys.Kind<EventTimer> END = new TimerKeys.Kind<>('E', "MAJOR_EVENT_END", id -> new EventTimer(EventTimer.END, id));
    static final TimerKeys.Kind<EventTimer> DOWN_AT_START = new TimerKeys.Kind<>('F', "MAJOR_EVENT_DOWN_AT_START", id -> new EventTimer(EventTimer.DOWN_AT_START, id));
    static final TimerKeys.Kind<EventTimer> DEVICE_CLOCKS = new TimerKeys.Kind<>('C', "MAJOR_EVENT_DEVICE_CLOCKS", id -> new EventTimer(EventTimer.DEVICE_CLOCKS, id));
    static final TimerKeys.Kind<EventTimer> AT_RISK = new TimerKeys.Kind<>('R', "EVENT_AT_RISK", id -> new EventTimer(EventTimer.AT_RISK, id));
    static final TimerKeys<EventTimer> KEYS = TimerKeys.of(EventTimer::kind, EventTimer::event, PRECHECK_DUE_SOON, PRECHECK_MISSED, STANDBY, END,
            DOWN_AT_START, DEVICE_CLOCKS, AT_RISK);

    /** A major event's key in the stage's store and timers: its site first, so a site's events are adjacent. */
    static String eventKey(String siteId, long windowStart) {
        return KeySerde.join(siteId, Long.toString(windowStart));
    }
}
