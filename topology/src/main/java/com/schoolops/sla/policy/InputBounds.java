package com.schoolops.sla.policy;

import com.schoolops.sla.config.ConfigCatalogue;
import com.schoolops.sla.config.Durations;
import com.schoolops.sla.config.Settings;
import com.schoolops.sla.deadletter.InvalidInputException;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The times an input may carry: not before {@code earliest} (an unset clock reads 1970), not further ahead of the
 * processor's clock than {@code maxFutureSkew} (a clock gone wrong must not hold a device UP or a ticket's clocks
 * open), and a calendar window must end within {@code calendarHorizon}. Outside them a record is refused to
 * dead-letters, never obeyed.
 */
public record InputBounds(Instant earliest, Duration maxFutureSkew, Duration calendarHorizon) {

    public static InputBounds from(Settings s) {
        return new InputBounds(Instant.parse(s.get(ConfigCatalogue.INPUT_EARLIEST)), s.getDuration(ConfigCatalogue.HEALTH_MAX_FUTURE_SKEW),
                s.getDuration(ConfigCatalogue.INPUT_CALENDAR_HORIZON));
    }

    /** Refuses an event time outside the bounds, naming {@code what} it is (said only then: this runs per record). */
    public void checkEventTime(long timestamp, long now, Supplier<String> what) {
        if (timestamp < earliest.toEpochMilli()) {
            throw new InvalidInputException(what.get() + " is stamped " + Instant.ofEpochMilli(timestamp) + ", before " + earliest
                    + " (" + ConfigCatalogue.INPUT_EARLIEST + "): a clock that was never set?");
        }
        if (timestamp > now + maxFutureSkew.toMillis()) {
            throw new InvalidInputException(what.get() + " is stamped " + Instant.ofEpochMilli(timestamp) + ", more than "
                    + Durations.format(maxFutureSkew) + " ahead of the processor's clock (" + Instant.ofEpochMilli(now) + ")");
        }
    }

    /** Refuses a planned instant (a go-live) before the bounds or beyond the calendar's horizon: it may lie ahead, not years ahead. */
    public void checkPlanned(long at, long now, Supplier<String> what) {
        if (at < earliest.toEpochMilli()) {
            throw new InvalidInputException(what.get() + " is " + Instant.ofEpochMilli(at) + ", before " + earliest
                    + " (" + ConfigCatalogue.INPUT_EARLIEST + "): seconds instead of milliseconds?");
        }
        if (at > now + calendarHorizon.toMillis()) {
            throw new InvalidInputException(what.get() + " is " + Instant.ofEpochMilli(at) + ", more than " + Durations.format(calendarHorizon)
                    + " ahead (" + ConfigCatalogue.INPUT_CALENDAR_HORIZON + ")");
        }
    }

    /** Refuses a calendar window that starts before the bounds or ends beyond the horizon. */
    public void checkWindow(String what, long start, long end, long now) {
        if (start < earliest.toEpochMilli()) {
            throw new InvalidInputException(what + " starts " + Instant.ofEpochMilli(start) + ", before " + earliest + " (" + ConfigCatalogue.INPUT_EARLIEST + ")");
        }
        if (end > now + calendarHorizon.toMillis()) {
            throw new InvalidInputException(what + " ends " + Instant.ofEpochMilli(end) + ", more than " + Durations.format(calendarHorizon)
                    + " ahead (" + ConfigCatalogue.INPUT_CALENDAR_HORIZON + ")");
        }
    }
}
