package com.schoolops.sla.escalation;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Deterministic escalation ids: a name-based UUID of (subject, type, clock, threshold), so the same breach gets
 * the same id in every run, replay or restart, and consumers can deduplicate on it.
 */
public final class EscalationIds {
    private EscalationIds() {
    }

    public static String of(String subject, Object type, Object clock, Object threshold) {
        String name = subject + '|' + type + '|' + (clock == null ? "" : clock) + '|' + (threshold == null ? "" : threshold);
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
