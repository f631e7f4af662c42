package com.schoolops.sla.tail;

import com.schoolops.sla.avro.DeviceDay;
import com.schoolops.sla.avro.DeviceHealthChange;
import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.SiteOutage;
import com.schoolops.sla.avro.SlaKpi;
import com.schoolops.sla.deadletter.DeadLetters;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** One readable line per output record, for the ops team's terminal ({@code demo} and {@code tail}). */
public final class EventPrinter {
    private final DateTimeFormatter time;

    public EventPrinter(ZoneId zone) {
        this.time = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(zone);
    }

    public String line(Object value, long timestamp) {
        String at = time.format(Instant.ofEpochMilli(timestamp));
        if (value instanceof DeviceHealthChange c) {
            String from = c.getPrevious() == null ? "new" : c.getPrevious().toString();
            String cause = c.getRootCauseDeviceId() == null ? "" : " [root cause " + c.getRootCauseDeviceId() + "]";
            return String.format("%s  HEALTH     %-26s %-16s %-28s %s%s", at, c.getSiteId() + "/" + c.getDeviceId(),
                    c.getDeviceType(), from + " -> " + c.getState(), c.getReason(), cause);
        }
        if (value instanceof SiteOutage o) {
            String cause = o.getRootCauseDeviceId() == null ? "" : ", root cause " + o.getRootCauseDeviceId();
            return String.format("%s  OUTAGE     %-26s %-16s %d of %d devices down%s", at, o.getSiteId(), o.getState(),
                    o.getDevicesDown(), o.getDevicesTotal(), cause);
        }
        if (value instanceof Escalation e) {
            String subject = e.getTicketId() != null ? e.getTicketId() : e.getDeviceId() != null ? e.getDeviceId() : e.getSiteId();
            String clock = e.getClock() == null ? "" : " " + e.getClock();
            return String.format("%s  ESCALATE   %-26s %-16s tier %d%s: %s", at, subject, e.getType(), e.getTier(), clock, e.getMessage());
        }
        if (value instanceof SlaKpi k) {
            return String.format("%s  KPI        %-26s %-16s %s to %s: opened %d, resolved %d, response %s, restore %s, breaches %s",
                    at, k.getScopeId(), k.getGranularity(), time.format(Instant.ofEpochMilli(k.getWindowStart())),
                    time.format(Instant.ofEpochMilli(k.getWindowEnd())), k.getTicketsOpened(), k.getTicketsResolved(),
                    percent(k.getResponseCompliancePct()), percent(k.getRestoreCompliancePct()), k.getBreachesByClock());
        }
        if (value instanceof DeviceDay d) {
            String removed = d.getRemovedAt() == null ? "" : ", removed at " + time.format(Instant.ofEpochMilli(d.getRemovedAt()));
            String firmware = d.getFirmware() == null ? "" : ", firmware " + d.getFirmware()
                    + (d.getFirmwareChanges().isEmpty() ? "" : " (" + d.getFirmwareChanges().size() + " change" + (d.getFirmwareChanges().size() == 1 ? "" : "s") + ")");
            return String.format("%s  DAY        %-26s %-16s %s: %d of %d heartbeats, up %s, down %s in %d episode%s%s%s", at,
                    d.getSiteId() + "/" + d.getDeviceId(), d.getDeviceType(), d.getDay(), d.getHeartbeatsReceived(), d.getHeartbeatsExpected(),
                    duration(d.getSecondsUp()), duration(d.getSecondsDown()), d.getDownEpisodes().size(), d.getDownEpisodes().size() == 1 ? "" : "s",
                    firmware, removed);
        }
        return at + "  " + value;
    }

    /** Seconds as hours and minutes (the seconds left out): "23h 59m", "45m". */
    private static String duration(int seconds) {
        int h = seconds / 3600;
        int m = seconds % 3600 / 60;
        return h > 0 ? h + "h " + m + "m" : m + "m";
    }

    private static String percent(Double pct) {
        return pct == null ? "-" : String.format(java.util.Locale.ROOT, "%.0f%%", pct);
    }

    public String deadLetter(byte[] key, Headers headers, long timestamp) {
        return String.format("%s  DEAD-LETTER %-25s from %s: %s", time.format(Instant.ofEpochMilli(timestamp)),
                key == null ? "(no key)" : new String(key, StandardCharsets.UTF_8),
                header(headers, DeadLetters.HEADER_TOPIC), header(headers, DeadLetters.HEADER_MESSAGE));
    }

    private static String header(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null ? "?" : new String(h.value(), StandardCharsets.UTF_8);
    }
}
