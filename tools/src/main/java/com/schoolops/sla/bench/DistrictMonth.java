package com.schoolops.sla.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.schoolops.sla.avro.DeviceType;
import com.schoolops.sla.avro.TicketCategory;
import com.schoolops.sla.avro.TicketEventType;
import com.schoolops.sla.policy.Contract;
import com.schoolops.sla.policy.Policies;
import com.schoolops.sla.serde.JsonRecords;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * A month of a district as a replay file, for the {@code whatif} benchmark: devices registered at 100 per school, each
 * school under one of the bundled contracts, and tickets through March with the lives a service desk records
 * (acknowledged within minutes, some dispatched, restored within hours, called back, closed). Seeded: the same file
 * every time.
 */
final class DistrictMonth {
    static final Instant MARCH = Instant.parse("2026-02-28T16:00:00Z"); // 1 March, 00:00 in Shanghai
    private static final DeviceType[] TYPES = DeviceType.values();

    private record Line(long at, String json) {
    }

    private DistrictMonth() {
    }

    /** Writes the file; returns its number of lines. */
    static int write(Path file, int devices, int tickets, Policies policies) throws IOException {
        Random random = new Random(23);
        List<String> contracts = List.of("seed-001", "seed-002", "seed-003", "seed-004");
        List<Line> lines = new ArrayList<>();
        long registered = MARCH.minus(Duration.ofDays(1)).toEpochMilli();
        int schools = Math.max(1, devices / 100);
        for (int i = 0; i < devices; i++) {
            String site = "school-" + (i % schools);
            ObjectNode v = JsonRecords.JSON.createObjectNode().put("deviceId", "dev-" + i).put("deviceType", TYPES[i % TYPES.length].name())
                    .put("siteId", site).putNull("parentDeviceId").put("contractId", contracts.get((i % schools) % contracts.size()))
                    .putNull("warrantyUntil").put("critical", i % 100 == 0);
            lines.add(line("device-registry", "dev-" + i, registered, v));
        }
        long month = Duration.ofDays(31).toMillis();
        for (int t = 0; t < tickets; t++) {
            int device = random.nextInt(devices);
            String site = "school-" + (device % schools);
            String contract = contracts.get((device % schools) % contracts.size());
            Contract terms = policies.contract(contract).orElseThrow();
            List<String> severities = new ArrayList<>(terms.severities().keySet());
            String id = "D-" + t;
            long opened = MARCH.toEpochMilli() + (long) (random.nextDouble() * (month - Duration.ofDays(2).toMillis()));
            lines.add(ticket(id, TicketEventType.OPENED, opened, site, "dev-" + device, severities.get(random.nextInt(severities.size())),
                    TicketCategory.values()[random.nextInt(3)], null));
            long acknowledged = opened + minutes(random, 1, 40);
            lines.add(ticket(id, TicketEventType.ACKNOWLEDGED, acknowledged, site, null, null, null, null));
            if (random.nextInt(10) < 3) {
                long dispatched = opened + minutes(random, 30, 90);
                lines.add(ticket(id, TicketEventType.DISPATCHED, dispatched, site, null, null, null, null));
                lines.add(ticket(id, TicketEventType.ON_SITE, dispatched + minutes(random, 20, 200), site, null, null, null, null));
            }
            long resolved = opened + minutes(random, 60, 30 * 60);
            lines.add(ticket(id, TicketEventType.RESOLVED, resolved, site, null, null, null, null));
            long called = resolved + minutes(random, 60, 20 * 60);
            lines.add(ticket(id, TicketEventType.CALLBACK_DONE, called, site, null, null, null, 3 + random.nextInt(3)));
            lines.add(ticket(id, TicketEventType.CLOSED, called + minutes(random, 10, 60), site, null, null, null, null));
        }
        lines.sort(Comparator.comparingLong(Line::at));
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Line l : lines) {
                out.write(l.json());
                out.write('\n');
            }
            out.write("{\"advance\": \"" + MARCH.plus(Duration.ofDays(32)) + "\"}\n");
        }
        return lines.size() + 1;
    }

    private static long minutes(Random random, int min, int max) {
        return Duration.ofMinutes(min + random.nextInt(max - min + 1)).toMillis();
    }

    private static Line ticket(String id, TicketEventType type, long at, String site, String device, String severity, TicketCategory category,
                               Integer satisfaction) {
        ObjectNode v = JsonRecords.JSON.createObjectNode().put("ticketId", id).put("type", type.name()).put("timestamp", at).put("siteId", site)
                .put("deviceId", device).putNull("contractId").put("severity", severity).put("category", category == null ? null : category.name())
                .putNull("actor").put("satisfaction", satisfaction).putNull("note");
        return line("fault-tickets", id, at, v);
    }

    private static Line line(String topic, String key, long at, ObjectNode value) {
        ObjectNode line = JsonRecords.JSON.createObjectNode().put("topic", topic).put("key", key).put("timestamp", Instant.ofEpochMilli(at).toString());
        line.set("value", value);
        return new Line(at, line.toString());
    }
}
