package com.schoolops.sla.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.schoolops.sla.app.AppConfig;
import com.schoolops.sla.avro.Device;
import com.schoolops.sla.avro.DeviceDay;
import com.schoolops.sla.avro.DeviceHeartbeat;
import com.schoolops.sla.avro.DeviceType;
import com.schoolops.sla.avro.DownEpisode;
import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.FirmwareChange;
import com.schoolops.sla.avro.MetricDay;
import com.schoolops.sla.avro.TicketCategory;
import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.avro.TicketEventType;
import com.schoolops.sla.config.Settings;
import com.schoolops.sla.escalation.EscalationIds;
import com.schoolops.sla.policy.Contract;
import com.schoolops.sla.replay.Replay;
import com.schoolops.sla.serde.InMemorySchemaRegistry;
import com.schoolops.sla.serde.JsonRecords;
import com.schoolops.sla.serde.ValueSerdes;
import com.schoolops.sla.testing.Fleet;
import com.schoolops.sla.testing.TopologyHarness;
import com.schoolops.sla.topics.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * From the engine to the inspection record (issue 37): three days of one school driven through the real topology
 * (TopologyTestDriver, wall clock moved a tick at a time), its device-daily records, the inspection record the report
 * builds from them, and REPEAT_FAILURE, live and in {@code replay} over the same inputs. Shanghai time; intervals of
 * 10 min (server, switch) and 20 min (terminals), so a day is 144 or 72 heartbeats; a device is DOWN three intervals
 * after its last heartbeat. school-e, seed-003 (repeatFailure: 3 in 30 d), everything registered 2 March 00:00:
 * <pre>
 *  srv-1   CLOUD_SERVER    every 10 min; cpu 30 %, from 3 Mar 10:00 50 % with firmware 1.1 (1.0 before)
 *  sw-1    SWITCH          every 10 min; cpu 10 %; 3 % packet loss 3 Mar 08:00-11:50 (24 heartbeats), else 0
 *  term-1  CLOUD_TERMINAL  every 20 min, cpu 20 %. Its three faults: ticket T-1 opened 2 Mar 09:00 (resolved 11:00);
 *                          silent after 3 Mar 13:00 until 15:00 (DOWN 14:00-15:00, no ticket); silent after 4 Mar 08:00
 *                          until 10:00 (DOWN 09:00-10:00, no ticket): the third, REPEAT_FAILURE at 4 Mar 09:00
 *  term-2  CLOUD_TERMINAL  as term-1 without faults; removed from the registry 3 Mar 12:00
 * </pre>
 * Every device reports mem 40 %, temperature 45 °C; the terminals firmware t-7, the switch s-2.
 */
class SchoolDaysRecordTest {
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final String SITE = "school-e";
    static final Map<String, String> SETTINGS = Map.of("health.interval.CLOUD_SERVER", "10m", "health.interval.SWITCH", "10m",
            "health.interval.CLOUD_TERMINAL", "20m", "health.check-interval", "1m");
    static final Device SERVER = Fleet.device("srv-1", DeviceType.CLOUD_SERVER).at(SITE).build();
    static final Device SWITCH = Fleet.device("sw-1", DeviceType.SWITCH).at(SITE).build();
    static final Device TERMINAL = Fleet.device("term-1", DeviceType.CLOUD_TERMINAL).at(SITE).build();
    static final Device REMOVED = Fleet.device("term-2", DeviceType.CLOUD_TERMINAL).at(SITE).build();
    static final Instant START = local("2026-03-02T00:00");
    static final Instant END = local("2026-03-05T00:05"); // past the third day's end: its records are out
    static final Instant UPGRADE = local("2026-03-03T10:00");
    static final Instant REMOVAL = local("2026-03-03T12:00");

    /** One input record, as the live topology reads it and as a replay line says it. */
    record Input(Instant at, String topic, String key, SpecificRecord value) {
    }

    /** What a run published. */
    record Published(List<DeviceDay> days, List<Escalation> escalations, List<com.schoolops.sla.avro.SlaKpi> kpis) {
    }

    static final AppConfig CONFIG = AppConfig.from(Settings.defaults().with(SETTINGS), ValueSerdes.registry(InMemorySchemaRegistry.withKnownSchemas()));
    static List<Input> inputs;
    static Published live;

    static Instant local(String dateTime) {
        return LocalDateTime.parse(dateTime).atZone(SHANGHAI).toInstant();
    }

    @BeforeAll
    static void runTheSchoolThroughTheEngine() {
        inputs = script(CONFIG.topics());
        live = live(inputs);
    }

    /** The three days, every input in the order it is read. */
    static List<Input> script(Topics topics) {
        List<Input> in = new ArrayList<>();
        String hb = topics.heartbeats().name();
        for (Device d : List.of(SERVER, SWITCH, TERMINAL, REMOVED)) {
            in.add(new Input(START, topics.registry().name(), d.getDeviceId(), d));
        }
        for (Instant t = START; t.isBefore(local("2026-03-05T00:00")); t = t.plus(Duration.ofMinutes(10))) {
            if (t.equals(REMOVAL)) {
                in.add(new Input(t, topics.registry().name(), REMOVED.getDeviceId(), null));
            }
            boolean upgraded = !t.isBefore(UPGRADE);
            in.add(new Input(t, hb, SERVER.getDeviceId(), beat(SERVER, t, upgraded ? 50.0 : 30.0, 0.0, upgraded ? "1.1" : "1.0")));
            boolean lossy = !t.isBefore(local("2026-03-03T08:00")) && t.isBefore(local("2026-03-03T12:00"));
            in.add(new Input(t, hb, SWITCH.getDeviceId(), beat(SWITCH, t, 10.0, lossy ? 3.0 : 0.0, "s-2")));
            if (t.atZone(SHANGHAI).getMinute() % 20 == 0) {
                boolean silent = between(t, "2026-03-03T13:00", "2026-03-03T15:00") || between(t, "2026-03-04T08:00", "2026-03-04T10:00");
                if (!silent) {
                    in.add(new Input(t, hb, TERMINAL.getDeviceId(), beat(TERMINAL, t, 20.0, 0.0, "t-7")));
                }
                if (t.isBefore(REMOVAL)) {
                    in.add(new Input(t, hb, REMOVED.getDeviceId(), beat(REMOVED, t, 20.0, 0.0, "t-7")));
                }
            }
        }
        String tickets = topics.tickets().name();
        in.add(new Input(local("2026-03-02T09:00"), tickets, "T-1", ticket(TicketEventType.OPENED, "2026-03-02T09:00")));
        in.add(new Input(local("2026-03-02T09:10"), tickets, "T-1", ticket(TicketEventType.ACKNOWLEDGED, "2026-03-02T09:10")));
        in.add(new Input(local("2026-03-02T11:00"), tickets, "T-1", ticket(TicketEventType.RESOLVED, "2026-03-02T11:00")));
        in.sort(Comparator.comparing(Input::at)); // stable: the order above within an instant
        return in;
    }

    /** Strictly after {@code lastBeat} and before {@code heardAgain}: the heartbeats a silent terminal does not send. */
    static boolean between(Instant t, String lastBeat, String heardAgain) {
        return t.isAfter(local(lastBeat)) && t.isBefore(local(heardAgain));
    }

    static DeviceHeartbeat beat(Device d, Instant t, double cpu, double loss, String firmware) {
        return DeviceHeartbeat.newBuilder(Fleet.heartbeat(d, t)).setCpuPct(cpu).setMemPct(40.0).setTemperatureC(45.0)
                .setPacketLossPct(loss).setFirmware(firmware).build();
    }

    static TicketEvent ticket(TicketEventType type, String at) {
        boolean opened = type == TicketEventType.OPENED;
        return TicketEvent.newBuilder().setTicketId("T-1").setType(type).setTimestamp(local(at).toEpochMilli()).setSiteId(SITE)
                .setDeviceId(opened ? TERMINAL.getDeviceId() : null).setContractId(opened ? "seed-003" : null)
                .setSeverity(opened ? "GENERAL" : null).setCategory(opened ? TicketCategory.HARDWARE : null).build();
    }

    /** The inputs through the topology, the wall clock moved to each one's time a tick at a time, then past the last day. */
    static Published live(List<Input> inputs) {
        try (TopologyHarness h = new TopologyHarness(START, SETTINGS)) {
            for (Input i : inputs) {
                h.advanceTo(i.at());
                if (i.value() instanceof DeviceHeartbeat hb) {
                    h.heartbeat(hb);
                } else if (i.value() instanceof Device d) {
                    h.register(d);
                } else if (i.value() instanceof TicketEvent e) {
                    h.ticket(e);
                } else if (i.value() == null) {
                    h.decommission(i.key());
                }
            }
            h.advanceTo(END);
            return new Published(h.deviceDays.readValuesToList(), h.escalations.readValuesToList(), h.kpis.readValuesToList());
        }
    }

    /** The inputs as replay's JSON Lines. */
    static String replayFile(List<Input> inputs) {
        StringBuilder file = new StringBuilder();
        for (Input i : inputs) {
            ObjectNode line = JsonRecords.JSON.createObjectNode();
            line.put("topic", i.topic());
            line.put("key", i.key());
            line.put("timestamp", i.at().toString());
            if (i.value() == null) {
                line.putNull("value");
            } else {
                line.set("value", JsonRecords.toJson(i.value()));
            }
            file.append(line).append('\n');
        }
        return file.append("{\"advance\":\"").append(END).append("\"}\n").toString();
    }

    /** {@code replay} over the same inputs; returns its output file's lines. */
    static String replay(String inputFile) throws Exception {
        StringWriter out = new StringWriter();
        try (Replay replay = new Replay(CONFIG, out, new PrintStream(new ByteArrayOutputStream(), true))) {
            replay.run(new java.io.BufferedReader(new java.io.StringReader(inputFile)));
        }
        return out.toString();
    }

    static Contract contract() {
        return CONFIG.policies().contract("seed-003").orElseThrow();
    }

    // ---- (a) the device days ---------------------------------------------------------------------------------

    /** A day as a person would check it, local times to the minute. */
    static String summary(DeviceDay d) {
        DateTimeFormatter hm = DateTimeFormatter.ofPattern("HH:mm").withZone(SHANGHAI);
        return d.getDeviceId() + " " + d.getDay() + " " + d.getHeartbeatsReceived() + "/" + d.getHeartbeatsExpected()
                + " cpu " + metric(d.getCpuPct()) + " mem " + metric(d.getMemPct()) + " temp " + metric(d.getTemperatureC())
                + " loss " + metric(d.getPacketLossPct()) + " " + d.getPacketLossBuckets()
                + " fw " + d.getFirmware() + " " + d.getFirmwareChanges().stream()
                        .map((FirmwareChange c) -> hm.format(Instant.ofEpochMilli(c.getAt())) + " " + c.getFrom() + ">" + c.getTo()).toList()
                + " up/degraded/down/unreachable/flapping/maintenance " + d.getSecondsUp() + "/" + d.getSecondsDegraded() + "/"
                + d.getSecondsDown() + "/" + d.getSecondsUnreachable() + "/" + d.getSecondsFlapping() + "/" + d.getSecondsMaintenance()
                + " down " + d.getDownEpisodes().stream().map((DownEpisode e) -> hm.format(Instant.ofEpochMilli(e.getStart())) + "-"
                        + (e.getEnd() == null ? "" : hm.format(Instant.ofEpochMilli(e.getEnd()))) + (e.getInMaintenance() ? " in maintenance" : ""))
                        .toList()
                + (d.getRemovedAt() == null ? "" : " removed " + hm.format(Instant.ofEpochMilli(d.getRemovedAt())));
    }

    static String metric(MetricDay m) {
        return m == null ? "none" : m.getMin() + "/" + m.getAvg() + "/" + m.getMax() + " of " + m.getSamples();
    }

    @Test
    void eachDeviceDayHasTheFiguresDerivedByHand() {
        String quiet = " mem 40.0/40.0/40.0 of %1$d temp 45.0/45.0/45.0 of %1$d";
        List<String> expected = new ArrayList<>();
        // srv-1: 144 a day (86,400 s / 600 s). 3 Mar: 60 heartbeats (00:00-09:50) at 30 %, 84 (10:00-23:50) at 50 %:
        // (60 x 30 + 84 x 50) / 144 = 6,000 / 144 = 41.67. Its first firmware (1.0) is no change; 1.0 > 1.1 at 10:00.
        expected.add("srv-1 2026-03-02 144/144 cpu 30.0/30.0/30.0 of 144" + quiet.formatted(144)
                + " loss 0.0/0.0/0.0 of 144 [144, 0, 0, 0, 0, 0, 0, 0] fw 1.0 [] up/degraded/down/unreachable/flapping/maintenance 86400/0/0/0/0/0 down []");
        expected.add("srv-1 2026-03-03 144/144 cpu 30.0/41.67/50.0 of 144" + quiet.formatted(144)
                + " loss 0.0/0.0/0.0 of 144 [144, 0, 0, 0, 0, 0, 0, 0] fw 1.1 [10:00 1.0>1.1] up/degraded/down/unreachable/flapping/maintenance 86400/0/0/0/0/0 down []");
        expected.add("srv-1 2026-03-04 144/144 cpu 50.0/50.0/50.0 of 144" + quiet.formatted(144)
                + " loss 0.0/0.0/0.0 of 144 [144, 0, 0, 0, 0, 0, 0, 0] fw 1.1 [] up/degraded/down/unreachable/flapping/maintenance 86400/0/0/0/0/0 down []");
        // sw-1: 3 Mar 24 samples of 3 % (the bucket up to 5 %: index 4) and 120 of 0: 72 / 144 = 0.5 %; 3 % is under the
        // 5 % that makes a window DEGRADED: UP all day.
        expected.add("sw-1 2026-03-02 144/144 cpu 10.0/10.0/10.0 of 144" + quiet.formatted(144)
                + " loss 0.0/0.0/0.0 of 144 [144, 0, 0, 0, 0, 0, 0, 0] fw s-2 [] up/degraded/down/unreachable/flapping/maintenance 86400/0/0/0/0/0 down []");
        expected.add("sw-1 2026-03-03 144/144 cpu 10.0/10.0/10.0 of 144" + quiet.formatted(144)
                + " loss 0.0/0.5/3.0 of 144 [120, 0, 0, 0, 24, 0, 0, 0] fw s-2 [] up/degraded/down/unreachable/flapping/maintenance 86400/0/0/0/0/0 down []");
        expected.add("sw-1 2026-03-04 144/144 cpu 10.0/10.0/10.0 of 144" + quiet.formatted(144)
                + " loss 0.0/0.0/0.0 of 144 [144, 0, 0, 0, 0, 0, 0, 0] fw s-2 [] up/degraded/down/unreachable/flapping/maintenance 86400/0/0/0/0/0 down []");
        // term-1: 72 a day (86,400 s / 1,200 s). 3 Mar: none at 13:20, 13:40, 14:00, 14:20, 14:40: 67; DOWN at 13:00 + 3 x
        // 20 min = 14:00, UP again with the 15:00 heartbeat: 3,600 s DOWN, 82,800 UP. 4 Mar the same from 08:00: DOWN 09:00-10:00.
        // The ticket of 2 Mar changes no state.
        expected.add("term-1 2026-03-02 72/72 cpu 20.0/20.0/20.0 of 72" + quiet.formatted(72)
                + " loss 0.0/0.0/0.0 of 72 [72, 0, 0, 0, 0, 0, 0, 0] fw t-7 [] up/degraded/down/unreachable/flapping/maintenance 86400/0/0/0/0/0 down []");
        expected.add("term-1 2026-03-03 67/72 cpu 20.0/20.0/20.0 of 67" + quiet.formatted(67)
                + " loss 0.0/0.0/0.0 of 67 [67, 0, 0, 0, 0, 0, 0, 0] fw t-7 [] up/degraded/down/unreachable/flapping/maintenance 82800/0/3600/0/0/0 down [14:00-15:00]");
        expected.add("term-1 2026-03-04 67/72 cpu 20.0/20.0/20.0 of 67" + quiet.formatted(67)
                + " loss 0.0/0.0/0.0 of 67 [67, 0, 0, 0, 0, 0, 0, 0] fw t-7 [] up/degraded/down/unreachable/flapping/maintenance 82800/0/3600/0/0/0 down [09:00-10:00]");
        // term-2: removed 3 Mar 12:00, its day ends there: 00:00-11:40 is 36 heartbeats, 43,200 s / 1,200 s = 36 expected, UP
        // 43,200 s; no record of 4 Mar.
        expected.add("term-2 2026-03-02 72/72 cpu 20.0/20.0/20.0 of 72" + quiet.formatted(72)
                + " loss 0.0/0.0/0.0 of 72 [72, 0, 0, 0, 0, 0, 0, 0] fw t-7 [] up/degraded/down/unreachable/flapping/maintenance 86400/0/0/0/0/0 down []");
        expected.add("term-2 2026-03-03 36/36 cpu 20.0/20.0/20.0 of 36" + quiet.formatted(36)
                + " loss 0.0/0.0/0.0 of 36 [36, 0, 0, 0, 0, 0, 0, 0] fw t-7 [] up/degraded/down/unreachable/flapping/maintenance 43200/0/0/0/0/0 down [] removed 12:00");

        assertEquals(String.join("\n", expected), live.days().stream().map(SchoolDaysRecordTest::summary).sorted().collect(Collectors.joining("\n")));
        DeviceDay lastOfRemoved = live.days().stream().filter(d -> d.getDeviceId().equals("term-2") && d.getDay().equals("2026-03-03"))
                .findFirst().orElseThrow();
        assertEquals(REMOVAL.toEpochMilli(), lastOfRemoved.getDayEnd(), "the removal closes its day");
    }

    // ---- (b) the inspection record from those days -----------------------------------------------------------

    /** The record's CSV rows by deviceId (the site's row under SITE), each a map of column to value. */
    static Map<String, Map<String, String>> rows(String csv) {
        List<String> lines = csv.lines().toList();
        List<String> columns = Arrays.asList(lines.get(0).split(",", -1));
        assertEquals(InspectionCsv.COLUMNS, columns);
        Map<String, Map<String, String>> rows = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                row.put(columns.get(i), cells[i]);
            }
            rows.put(row.get("row").equals("SITE") ? "SITE" : row.get("deviceId"), row);
        }
        return rows;
    }

    static InspectionRecord liveRecord() {
        InspectionRecord.Inputs in = new InspectionRecord.Inputs(live.days(), live.escalations(), live.kpis(),
                inputs.stream().map(Input::value).filter(v -> v instanceof TicketEvent).map(v -> (TicketEvent) v).toList(),
                List.of(), Map.of(), Map.of());
        return InspectionRecord.of(in, SITE, ReportPeriod.quarter("2026Q1"), SHANGHAI, contract());
    }

    /** The columns of a row a test names, in the CSV's order. */
    static String cells(Map<String, String> row, String... columns) {
        return Arrays.stream(columns).map(c -> c + "=" + row.get(c)).collect(Collectors.joining(" "));
    }

    static final String[] FIGURES = {"days", "removedAt", "heartbeatsReceived", "heartbeatsExpected", "availabilityPct", "outages",
            "outageMinutes", "longestOutageMinutes", "cpuAvgPct", "cpuPeakPct", "memAvgPct", "temperatureAvgC", "packetLossAvgPct",
            "packetLossP95Pct", "tickets", "firmware", "firmwareChanges", "firmwareStatus", "advice"};

    @Test
    void theInspectionRecordOfTheQuarterFromTheEngineWrittenDaysHasTheAvailabilityAndAveragesDerivedByHand() {
        Map<String, Map<String, String>> rows = rows(InspectionCsv.render(liveRecord()));
        assertEquals(List.of("srv-1", "term-1", "term-2", "sw-1", "SITE"), List.copyOf(rows.keySet()), "by type, then id; the site last");
        // srv-1: CPU over its 432 samples: (144 x 30 + 144 x 41.67 + 144 x 50) / 432 = 17,520.48 / 432 = 40.56
        assertEquals("days=3 removedAt= heartbeatsReceived=432 heartbeatsExpected=432 availabilityPct=100.00 outages=0 outageMinutes=0.0 "
                        + "longestOutageMinutes=0.0 cpuAvgPct=40.56 cpuPeakPct=50.00 memAvgPct=40.00 temperatureAvgC=45.00 packetLossAvgPct=0.00 "
                        + "packetLossP95Pct=0.00 tickets=0 firmware=1.1 firmwareChanges=2026-03-03T02:00:00Z 1.0>1.1 firmwareStatus=ON_REFERENCE advice=",
                cells(rows.get("srv-1"), FIGURES));
        // sw-1: loss 72 / 432 = 0.17 %; p95: 95 % of 432 is 410.4, the 0 bucket holds 408: the 5 % bucket's bound. Over 2 %: advice.
        assertEquals("days=3 removedAt= heartbeatsReceived=432 heartbeatsExpected=432 availabilityPct=100.00 outages=0 outageMinutes=0.0 "
                        + "longestOutageMinutes=0.0 cpuAvgPct=10.00 cpuPeakPct=10.00 memAvgPct=40.00 temperatureAvgC=45.00 packetLossAvgPct=0.17 "
                        + "packetLossP95Pct=5.00 tickets=0 firmware=s-2 firmwareChanges= firmwareStatus=ON_REFERENCE advice=PACKET_LOSS",
                cells(rows.get("sw-1"), FIGURES));
        // term-1: counted 3 x 86,400 = 259,200 s, DOWN 2 x 3,600 outside maintenance: 252,000 / 259,200 = 97.22 %;
        // 72 + 67 + 67 = 206 of 216 heartbeats; T-1 opened in the quarter; its REPEAT_FAILURE: advice.
        assertEquals("days=3 removedAt= heartbeatsReceived=206 heartbeatsExpected=216 availabilityPct=97.22 outages=2 outageMinutes=120.0 "
                        + "longestOutageMinutes=60.0 cpuAvgPct=20.00 cpuPeakPct=20.00 memAvgPct=40.00 temperatureAvgC=45.00 packetLossAvgPct=0.00 "
                        + "packetLossP95Pct=0.00 tickets=1 firmware=t-7 firmwareChanges= firmwareStatus=ON_REFERENCE advice=REPEAT_FAILURE",
                cells(rows.get("term-1"), FIGURES));
        // term-2 keeps the days it served (86,400 + 43,200 s, 72 + 36 heartbeats) and says when it left (12:00 Shanghai, 04:00 UTC)
        assertEquals("days=2 removedAt=2026-03-03T04:00:00Z heartbeatsReceived=108 heartbeatsExpected=108 availabilityPct=100.00 outages=0 "
                        + "outageMinutes=0.0 longestOutageMinutes=0.0 cpuAvgPct=20.00 cpuPeakPct=20.00 memAvgPct=40.00 temperatureAvgC=45.00 "
                        + "packetLossAvgPct=0.00 packetLossP95Pct=0.00 tickets=0 firmware=t-7 firmwareChanges= firmwareStatus=ON_REFERENCE advice=",
                cells(rows.get("term-2"), FIGURES));
        // The site pooled: heartbeats 432 + 432 + 206 + 108 = 1,178 of 432 + 432 + 216 + 108 = 1,188; availability: counted
        // 3 x 259,200 + 129,600 = 907,200 s, lost 7,200: 900,000 / 907,200 = 99.21 %; CPU (17,520.48 + 432 x 10 + 314 x 20) / 1,178
        // = 28,120.48 / 1,178 = 23.87 %; loss 72 / 1,178 = 0.06 % with p95 0 (1,154 of 1,178 samples, 98 %, at 0); the switch's own
        // 0.17 % and p95 5 %; no device off its type's majority; two pieces of advice.
        assertEquals("heartbeatsReceived=1178 heartbeatsExpected=1188 neverHeard=0 availabilityPct=99.21 outages=2 outageMinutes=120.0 "
                        + "longestOutageMinutes=60.0 cpuAvgPct=23.87 cpuPeakPct=50.00 memAvgPct=40.00 temperatureAvgC=45.00 packetLossAvgPct=0.06 "
                        + "packetLossP95Pct=0.00 tickets=1 firmwareStatus=0 advice=2 switchAvailabilityPct=100.00 switchLossAvgPct=0.17 switchLossP95Pct=5.00",
                cells(rows.get("SITE"), "heartbeatsReceived", "heartbeatsExpected", "neverHeard", "availabilityPct", "outages", "outageMinutes",
                        "longestOutageMinutes", "cpuAvgPct", "cpuPeakPct", "memAvgPct", "temperatureAvgC", "packetLossAvgPct", "packetLossP95Pct",
                        "tickets", "firmwareStatus", "advice", "switchAvailabilityPct", "switchLossAvgPct", "switchLossP95Pct"));
    }

    /**
     * The same record as the page a school signs, in Chinese (written to target/school-days-record-zh.html, to print from
     * Chromium and look at): the figures above, local times labelled with their zone.
     */
    @Test
    void theChineseRecordOfTheEngineWrittenDaysReadsAsTheFiguresDerivedByHand() throws Exception {
        String page = InspectionPage.render(liveRecord(), com.schoolops.sla.text.Texts.of("inspection", com.schoolops.sla.text.Texts.Lang.ZH),
                local("2026-04-01T09:00"));
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "school-days-record-zh.html"), page, StandardCharsets.UTF_8);
        assertTrue(page.startsWith("<!doctype html><html lang=\"zh-CN\">"), "a Chinese page");
        assertTrue(page.contains("97.22%"), "term-1's availability");
        assertTrue(page.contains("2026-03-03 10:00:00 Asia/Shanghai：1.0 → 1.1"), "srv-1's upgrade, local and labelled");
        assertTrue(page.contains("已于 2026-03-03 12:00:00 Asia/Shanghai 移出登记"), "term-2 keeps the days it served");
        assertTrue(page.contains("sw-1：丢包率 P95 达 5.0%"), "the switch's packet loss advice");
        assertTrue(page.contains("term-1：本周期被判定为频繁故障 1 次"), "the repeat failure's advice");
        assertFalse(page.matches("(?s).*\\b(Availability|Signature|Device state)\\b.*"), "no English on the Chinese page");
    }

    // ---- (c) REPEAT_FAILURE, live and in replay ------------------------------------------------------------------

    static List<Escalation> repeatFailures(List<Escalation> escalations) {
        return escalations.stream().filter(e -> e.getType() == EscalationType.REPEAT_FAILURE).toList();
    }

    @Test
    void theTerminalsThirdFaultIsOneRepeatFailureLiveAndInReplayWithTheSameId() throws Exception {
        List<Escalation> repeated = repeatFailures(live.escalations());
        assertEquals(1, repeated.size(), "once: " + repeated);
        Escalation e = repeated.get(0);
        assertEquals("term-1", e.getDeviceId());
        assertEquals(3, e.getTier());
        assertEquals(local("2026-03-04T09:00").toEpochMilli(), e.getAt(), "the third fault: DOWN three intervals after 08:00");
        // named by the device and its third fault, the silence of the checkpoint bucket (3 x 20 min) of its last heartbeat
        assertEquals(EscalationIds.of("term-1", EscalationType.REPEAT_FAILURE, null, "down:" + local("2026-03-04T08:00").toEpochMilli()),
                e.getEscalationId());

        String output = replay(replayFile(inputs));
        List<Escalation> replayed = new ArrayList<>();
        List<DeviceDay> replayedDays = new ArrayList<>();
        for (String line : output.lines().toList()) {
            JsonNode json = JsonRecords.JSON.readTree(line);
            switch (json.path("topic").asText()) {
                case "sla-escalations" -> replayed.add(JsonRecords.fromJson(json.get("value"), Escalation.class));
                case "device-daily" -> replayedDays.add(JsonRecords.fromJson(json.get("value"), DeviceDay.class));
                default -> { }
            }
        }
        assertEquals(List.of(e), repeatFailures(replayed), "the same escalation, id, instant and message");
        assertEquals(live.days().stream().map(SchoolDaysRecordTest::summary).sorted().toList(),
                replayedDays.stream().map(SchoolDaysRecordTest::summary).sorted().toList(), "replay writes the same days");
    }

    // ---- a removed device keeps its days, read as the report reads files --------------------------------------

    @Test
    void aDeviceRemovedFromTheRegistryKeepsTheDaysItServedInTheRecordReadFromReplaysFiles() throws Exception {
        // report --input replay-out.jsonl --input replay-in.jsonl: the registry's tombstone removes term-2 from the devices
        // read, its days stay in device-daily.
        Path dir = Files.createTempDirectory("school-days");
        try {
            Path in = Files.writeString(dir.resolve("in.jsonl"), replayFile(inputs), StandardCharsets.UTF_8);
            Path out = Files.writeString(dir.resolve("out.jsonl"), replay(Files.readString(in)), StandardCharsets.UTF_8);
            InspectionRecord.Inputs read = ReportInputs.files(List.of(out, in)).read(ReportInputs.inspection(CONFIG.topics()),
                    ReportInputs.ofSite(SITE));
            assertFalse(read.devices().containsKey("term-2"), "gone from the registry");
            InspectionRecord record = InspectionRecord.of(read, SITE, ReportPeriod.quarter("2026Q1"), SHANGHAI, contract());
            DeviceInspection removed = record.devices().stream().filter(d -> d.deviceId().equals("term-2")).findFirst().orElseThrow();
            assertEquals(2, removed.days());
            assertEquals(REMOVAL.toEpochMilli(), removed.removedAt());
            assertEquals(129_600, removed.countedSeconds(), "2 March whole, 3 March to noon");
            assertEquals(108, removed.heartbeatsReceived());
            assertEquals(InspectionCsv.render(liveRecord()), InspectionCsv.render(record), "the same record as from the live run's days");
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
