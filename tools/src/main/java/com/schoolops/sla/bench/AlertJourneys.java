package com.schoolops.sla.bench;

import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.Notification;
import com.schoolops.sla.avro.NotificationKind;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The alert bench's verdicts, each followed from its due time to the receiver's request. A verdict is an escalation of a
 * type about a subject (SLA_BREACH: a ticket; UNTICKETED_OUTAGE: a device), due at an instant the bench knows from what
 * it sent. What the bench's readers see on the way is matched to it: its escalation on {@code sla-escalations} (by type
 * and subject), then its first message on {@code sla-notifications} and at the receiver (by the notification id, which
 * for a first message is the escalation's id). Pure, and in any order: each reader tells what it saw as it sees it
 * (from its own thread), and {@link #report} joins them.
 */
final class AlertJourneys {
    /** Where a verdict is seen on its way, in order; each step's time is measured from the step before it. */
    enum Step {
        /**
         * The instant the engine itself holds it due: the escalation's {@code deadline}. A breach's is its clock's deadline,
         * the bench's due time; an UNTICKETED_OUTAGE's is its DOWN record's {@code at} (stamped when the site judged the
         * silence, after the deadline the specification gives) plus the grace.
         */
        DEADLINE,
        /** The engine published it: the escalation record's timestamp (the engine's wall clock when its timer ran). */
        DECIDED,
        /** Its transaction committed: a {@code read_committed} reader of {@code sla-escalations} (20 ms fetch wait) saw it. */
        PUBLISHED,
        /** notify read it, passed it through its repartition and planned the message: the notification's {@code plannedAt}. */
        PLANNED,
        /** notify's transaction committed: a {@code read_committed} reader of {@code sla-notifications} saw it. */
        QUEUED,
        /** The receiver's request arrived: the delivery worker fetched it and posted it. */
        RECEIVED
    }

    private record Seen(String escalationId, Long deadline, long decided, long published) {
    }

    private record Queued(long planned, long queued) {
    }

    private final Map<String, Long> due = new ConcurrentHashMap<>();
    private final Map<String, Seen> escalations = new ConcurrentHashMap<>();
    private final Map<String, Queued> notifications = new ConcurrentHashMap<>();
    private final Map<String, Long> requests = new ConcurrentHashMap<>();

    /** A verdict the bench set up: due at {@code at}. */
    void due(EscalationType type, String subject, long at) {
        due.put(key(type, subject), at);
    }

    /** An escalation read from {@code sla-escalations}: its record timestamp, and when the reader saw it. */
    void escalated(Escalation e, long recordTimestamp, long seenAt) {
        String subject = e.getTicketId() != null ? e.getTicketId() : e.getDeviceId();
        escalations.putIfAbsent(key(e.getType(), subject), new Seen(e.getEscalationId(), e.getDeadline(), recordTimestamp, seenAt));
    }

    /** A notification read from {@code sla-notifications}; only a first message (not a repeat, not a resolved notice) counts. */
    void queued(Notification n, long seenAt) {
        if (n.getKind() == NotificationKind.FIRING) {
            notifications.putIfAbsent(n.getNotificationId(), new Queued(n.getPlannedAt(), seenAt));
        }
    }

    /** A request at the receiver, by its Idempotency-Key; the first one counts (a redelivery is not the person's alert). */
    void received(String notificationId, long at) {
        if (notificationId != null) {
            requests.merge(notificationId, at, Math::min);
        }
    }

    /**
     * The journeys of {@code type}'s verdicts: due to received less {@code groupWaitMs} (the route's wait, which is the
     * route's choice, not the pipeline's time), each step's share, and the verdicts never received.
     */
    Report report(EscalationType type, long groupWaitMs) {
        List<Long> totals = new ArrayList<>();
        Map<Step, List<Long>> steps = new EnumMap<>(Step.class);
        List<String> missing = new ArrayList<>();
        String prefix = type.name() + "|";
        for (Map.Entry<String, Long> v : due.entrySet()) {
            if (!v.getKey().startsWith(prefix)) {
                continue;
            }
            long dueAt = v.getValue();
            Seen e = escalations.get(v.getKey());
            Queued n = e == null ? null : notifications.get(e.escalationId());
            Long received = e == null ? null : requests.get(e.escalationId());
            if (received == null) {
                missing.add(v.getKey().substring(prefix.length()));
                continue;
            }
            totals.add(received - dueAt - groupWaitMs);
            if (n != null) {
                long[] at = {dueAt, e.deadline() == null ? dueAt : e.deadline(), e.decided(), e.published(), n.planned(), n.queued(), received};
                for (Step s : Step.values()) {
                    steps.computeIfAbsent(s, k -> new ArrayList<>()).add(at[s.ordinal() + 1] - at[s.ordinal()]);
                }
            }
        }
        missing.sort(null);
        Map<Step, Percentiles> shares = new EnumMap<>(Step.class);
        steps.forEach((s, times) -> shares.put(s, Percentiles.of(times)));
        return new Report(type, (int) due.keySet().stream().filter(k -> k.startsWith(prefix)).count(),
                totals.isEmpty() ? null : Percentiles.of(totals), shares, missing);
    }

    /** One type's verdicts: how many were due, due → received ({@code null} when none arrived), each step's time, the subjects never received. */
    record Report(EscalationType type, int due, Percentiles total, Map<Step, Percentiles> steps, List<String> missing) {
        int received() {
            return due - missing.size();
        }
    }

    private static String key(EscalationType type, String subject) {
        return type.name() + "|" + subject;
    }
}
