package com.schoolops.sla.policy;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a contract's {@code majorEvent} block promises around an exam or contest beside its ticket targets
 * ({@link Contract.MajorEvent}): a pre-check before the window, engineers on site throughout, and clocks that a device's
 * failure starts (SPEC section 10).
 *
 * @param precheck     a COMPLETED PRECHECK visit is due this long before the window's start (seed-003: 7d working)
 * @param minEngineers engineers checked in on STANDBY throughout the window
 * @param deviceClocks the targets of the clocks a device failing inside the window starts
 */
public record MajorEventTerms(Optional<Span> precheck, OptionalInt minEngineers, Map<DeviceClock, Target> deviceClocks) {
    public MajorEventTerms {
        deviceClocks = Map.copyOf(deviceClocks);
    }
}
