package com.schoolops.sla.policy;

import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.SlaClock;

import java.util.EnumMap;
import java.util.Map;

/**
 * Who acts on an escalation, as the commitments' three-tier response has it: 1 remote support, 2 on-site service,
 * 3 experts and management. A tier per escalation type; a breach can be raised to another tier by its clock
 * (a RESTORE breach goes to the experts) and for tickets opened during a major event.
 *
 * @param byType                 the tier of each escalation type
 * @param breachByClock          an SLA_BREACH of these clocks goes to this tier instead
 * @param breachDuringMajorEvent an SLA_BREACH of a ticket opened during a major event goes to this tier (null: no change)
 */
public record Tiers(Map<EscalationType, Integer> byType, Map<SlaClock, Integer> breachByClock, Integer breachDuringMajorEvent) {
    public static final int REMOTE = 1;
    public static final int ON_SITE = 2;
    public static final int EXPERTS = 3;
    /** No tiers of its own: a contract that takes the defaults. */
    public static final Tiers NONE = new Tiers(Map.of(), Map.of(), null);

    public Tiers {
        byType = Map.copyOf(byType);
        breachByClock = Map.copyOf(breachByClock);
    }

    /** The tier of an escalation of {@code type} (for a breach, of {@code clock}, on a ticket of a major event or not). */
    public int of(EscalationType type, SlaClock clock, boolean duringMajorEvent) {
        int tier = byType.get(type);
        if (type == EscalationType.SLA_BREACH) {
            if (clock != null && breachByClock.containsKey(clock)) {
                tier = Math.max(tier, breachByClock.get(clock));
            }
            if (duringMajorEvent && breachDuringMajorEvent != null) {
                tier = Math.max(tier, breachDuringMajorEvent);
            }
        }
        return tier;
    }

    /** These tiers with {@code override}'s entries on top (a contract's own over the file's defaults). */
    public Tiers with(Tiers override) {
        Map<EscalationType, Integer> types = new EnumMap<>(EscalationType.class);
        types.putAll(byType);
        types.putAll(override.byType);
        Map<SlaClock, Integer> clocks = new EnumMap<>(SlaClock.class);
        clocks.putAll(breachByClock);
        clocks.putAll(override.breachByClock);
        return new Tiers(types, clocks, override.breachDuringMajorEvent != null ? override.breachDuringMajorEvent : breachDuringMajorEvent);
    }
}
