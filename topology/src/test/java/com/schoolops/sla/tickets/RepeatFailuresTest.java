package com.schoolops.sla.tickets;

import com.schoolops.sla.policy.RepeatFailureTerms;
import com.schoolops.sla.state.DeviceFailures;
import com.schoolops.sla.state.DeviceFault;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** How a device's faults are counted for REPEAT_FAILURE (SPEC section 11): three in 30 days, once per 30 days. */
class RepeatFailuresTest {
    static final RepeatFailureTerms TERMS = RepeatFailureTerms.DEFAULT; // 3 within 30d
    final DeviceFailures record = DeviceFailures.newBuilder().setSiteId("s").setDeviceId("t1").setFaults(new ArrayList<>()).build();

    static long day(int d) {
        return Instant.parse("2026-03-01T02:00:00Z").plus(Duration.ofDays(d - 1)).toEpochMilli();
    }

    static DeviceFault ticket(String id, int d) {
        return new DeviceFault(day(d), id, null);
    }

    static DeviceFault down(int d) {
        return new DeviceFault(day(d), null, day(d) - 30_000);
    }

    List<String> add(DeviceFault f) {
        return RepeatFailures.count(record, f, TERMS).stream().map(RepeatFailures::name).toList();
    }

    @Test
    void theThirdFaultWithin30DaysRaisesItWithTheThree() {
        assertEquals(List.of(), add(ticket("T-1", 1)));
        assertEquals(List.of(), add(down(10)));
        assertEquals(List.of("ticket:T-1", "down:" + (day(10) - 30_000), "ticket:T-3"), add(ticket("T-3", 31)),
                "March 1 to March 31 02:00 is 30 days: within");
        assertEquals(List.of(), record.getFaults(), "counted from none again");
        assertEquals(day(31), record.getFiredAt());
    }

    @Test
    void faultsMoreThan30DaysApartDoNotAddUp() {
        add(ticket("T-1", 1));
        add(ticket("T-2", 20));
        assertEquals(List.of(), add(new DeviceFault(day(31) + 1, "T-3", null)), "T-1 is 30 days and 1 ms older than T-3");
        assertEquals(List.of("ticket:T-2", "ticket:T-3"), record.getFaults().stream().map(RepeatFailures::name).toList(), "T-1 is forgotten");
        assertEquals(List.of("ticket:T-2", "ticket:T-3", "ticket:T-4"), add(ticket("T-4", 40)));
    }

    @Test
    void onceIn30DaysAfterwardsOnlyFaultsAfterTheQuietCount() {
        add(ticket("T-1", 1));
        add(ticket("T-2", 2));
        assertEquals(3, add(ticket("T-3", 3)).size());
        assertEquals(List.of(), add(ticket("T-4", 4)), "inside the 30 days after the last one: not counted");
        assertEquals(List.of(), add(ticket("T-5", 33)), "March 3 + 30 days is April 2, 02:00: still quiet");
        assertEquals(List.of(), record.getFaults());
        assertEquals(List.of(), add(ticket("T-6", 34)));
        assertNull(record.getFiredAt(), "the quiet is over");
        assertEquals(List.of(), add(ticket("T-7", 35)));
        assertEquals(List.of("ticket:T-6", "ticket:T-7", "ticket:T-8"), add(ticket("T-8", 36)));
    }

    @Test
    void theSameFaultTwiceIsOneAndALateOneTakesItsPlaceInTime() {
        add(ticket("T-2", 5));
        assertEquals(List.of(), add(ticket("T-2", 5)), "a repeated OPENED is the same fault");
        assertEquals(List.of(), add(ticket("T-1", 2)), "a ticket read late, opened before the others");
        assertEquals(List.of("ticket:T-1", "ticket:T-2", "ticket:T-3"), add(ticket("T-3", 6)));
    }

    @Test
    void aContractMayAskForTwoInAWeek() {
        RepeatFailureTerms strict = new RepeatFailureTerms(2, Duration.ofDays(7));
        assertEquals(List.of(), RepeatFailures.count(record, ticket("T-1", 1), strict));
        assertEquals(List.of(), RepeatFailures.count(record, ticket("T-2", 9), strict), "8 days apart");
        assertEquals(2, RepeatFailures.count(record, ticket("T-3", 10), strict).size());
    }
}
