package com.schoolops.sla.policy;

import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.SlaClock;
import com.schoolops.sla.avro.TicketCategory;
import com.schoolops.sla.avro.TicketEventType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

class PoliciesTest {
    final Policies bundled = Policies.load(Optional.empty());

    static String t(Map<SlaClock, ClockTarget> targets, SlaClock clock) {
        ClockTarget c = targets.get(clock);
        return c == null ? "—" : c.target() + (clock == SlaClock.ON_SITE ? " from " + c.startsAt() : "");
    }

    @Test
    void seed001() {
        Contract c = bundled.contract("seed-001").orElseThrow();
        var targets = c.targets("DEFAULT", null, false, false);
        assertEquals("2h", t(targets, SlaClock.RESPONSE));
        assertEquals("1d from DISPATCHED", t(targets, SlaClock.ON_SITE));
        assertEquals("—", t(targets, SlaClock.RESTORE));
    }

    @Test
    void seed002EveryLevelAsInTheCommitment() {
        Contract c = bundled.contract("seed-002").orElseThrow();
        String[][] expected = {
                {"0", "2h working", "2 working days from DISPATCHED", "1 working day"},
                {"1", "2h", "1d from DISPATCHED", "1d"},
                {"2", "30m", "2h from DISPATCHED", "4h"},
                {"3", "15m", "2h from DISPATCHED", "2h"},
                {"4", "—", "2h from OPENED", "4h"},
                {"5", "—", "2h from OPENED", "—"}};
        for (String[] row : expected) {
            var targets = c.targets(row[0], null, false, false);
            assertEquals(row[1], t(targets, SlaClock.RESPONSE), "level " + row[0] + " RESPONSE");
            assertEquals(row[2], t(targets, SlaClock.ON_SITE), "level " + row[0] + " ON_SITE");
            assertEquals(row[3], t(targets, SlaClock.RESTORE), "level " + row[0] + " RESTORE");
            assertEquals("2 working days", t(targets, SlaClock.REPORT), "level " + row[0] + " REPORT");
        }
        assertEquals(Duration.ofHours(18), c.targets("0", null, false, false).get(SlaClock.REPORT).target()
                .length(ContractBook.of(bundled).calendar(c, "any").at(0)), "a working day is 9 working hours");
    }

    @Test
    void seed003() {
        Contract c = bundled.contract("seed-003").orElseThrow();
        assertEquals("15m|—|30m", row(c.targets("CONSULT", null, false, false)));
        assertEquals("15m|1h from DISPATCHED|8h", row(c.targets("GENERAL", null, false, false)));
        assertEquals("15m|1h from DISPATCHED|12h", row(c.targets("COMPLEX", null, false, false)));
        assertEquals("15m|1h from DISPATCHED|1d", row(c.targets("MAJOR", null, false, false)));
        assertEquals("1d|1h from DISPATCHED|2d", row(c.targets("GENERAL", TicketCategory.COMPLAINT, false, false)), "complaints");
        assertEquals("5m|1h from DISPATCHED|30m", row(c.targets("MAJOR", null, false, true)), "during a major event");
        var all = c.targets("GENERAL", null, false, false);
        assertEquals("2 working days", t(all, SlaClock.PARTS));
        assertEquals("2h", t(all, SlaClock.REPAIR_AFTER_PARTS));
        assertEquals("30m", t(all, SlaClock.SPARE_CONFIRM));
        assertEquals("1h", t(all, SlaClock.SPARE_INSTALL));
        assertEquals("1d", t(all, SlaClock.CALLBACK));
        assertEquals(Optional.of(Duration.ofHours(1)), c.remoteWindow());
        assertTrue(c.pauseForParts());
        assertTrue(c.majorEvent().orElseThrow().raiseFault());
        assertEquals(java.util.List.of(0.5, 0.8), c.warningFractions());
    }

    @Test
    void seed004() {
        Contract c = bundled.contract("seed-004").orElseThrow();
        for (String level : new String[]{"A", "B", "C", "D"}) {
            assertEquals("15m|2h from OPENED|—", row(c.targets(level, null, false, false)), "in warranty, level " + level);
            assertEquals("2h|4h from OPENED|—", row(c.targets(level, null, true, false)), "out of warranty, level " + level);
        }
        assertEquals(new Contract.Upgrade(Duration.ofHours(24), "A"), c.upgrade().orElseThrow());
        assertEquals(Optional.of("A"), c.majorEvent().orElseThrow().severity());
        assertEquals(TicketEventType.OPENED, c.targets("B", null, false, false).get(SlaClock.ON_SITE).startsAt());
    }

    static String row(Map<SlaClock, ClockTarget> t) {
        return t(t, SlaClock.RESPONSE) + "|" + t(t, SlaClock.ON_SITE) + "|" + t(t, SlaClock.RESTORE);
    }

    @Test
    void aUsersFileAddsAContractAndACalendarWithoutARebuild(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("ours.json"), """
                {"calendars": [{"id": "gz", "zone": "Asia/Shanghai", "workdays": ["MONDAY","TUESDAY","WEDNESDAY","THURSDAY","FRIDAY","SATURDAY"],
                                "workStart": "08:30", "workEnd": "17:30", "holidays": ["2026-10-01"], "makeUpWorkdays": []}],
                 "siteCalendars": {"school-9": "gz"},
                 "contracts": [{"id": "demo-fast", "calendar": "gz", "warningFractions": [0.75],
                                "severities": {"P1": {"RESPONSE": "2m", "RESTORE": "10m"}}}]}
                """);
        Policies p = Policies.load(Optional.of(file));
        assertTrue(p.contract("seed-003").isPresent(), "the bundled contracts stay");
        Contract fast = p.contract("demo-fast").orElseThrow();
        assertEquals("2m", t(fast.targets("P1", null, false, false), SlaClock.RESPONSE));
        ContractBook book = ContractBook.of(p);
        assertEquals("gz", book.calendar(p.contract("seed-003").orElseThrow(), "school-9").at(0).id(), "a site's own calendar wins");
        assertEquals("cn-default", book.calendar(p.contract("seed-003").orElseThrow(), "school-1").at(0).id());
    }

    /** SPEC section 12: a school's fault report names no severity; each bundled contract opens it at its least urgent level of a fault. */
    @Test
    void aFaultReportWithoutASeverityIsOpenedAtTheContractsReportSeverity(@TempDir Path dir) throws Exception {
        assertEquals(java.util.List.of("seed-001 DEFAULT", "seed-002 1", "seed-003 GENERAL", "seed-004 D"),
                java.util.stream.Stream.of("seed-001", "seed-002", "seed-003", "seed-004").map(id -> id + " "
                        + bundled.contract(id).orElseThrow().reportSeverity().orElse("none")).toList());
        assertEquals(dir.resolve("r.json") + ": contract bad: reportSeverity: 'P9' is not one of the contract's severities [P1]",
                error(dir, "r.json", "{\"contracts\": [{\"id\": \"bad\", \"severities\": {\"P1\": {}}, \"reportSeverity\": \"P9\"}]}"));
    }

    @Test
    void errorsNameTheFileTheContractAndTheField(@TempDir Path dir) throws Exception {
        assertEquals(dir.resolve("a.json") + ": contract bad: severities.P1.RESTORE: '8 hours' is not a duration (write e.g. 500ms, 15s, 10m, 2h, 1d or PT15S)",
                error(dir, "a.json", "{\"contracts\": [{\"id\": \"bad\", \"severities\": {\"P1\": {\"RESTORE\": \"8 hours\"}}}]}"));
        assertEquals(dir.resolve("b.json") + ": contract bad: severities.P1.RESTOR: not a clock (one of [RESPONSE, ON_SITE, RESTORE, PARTS, REPAIR_AFTER_PARTS, SPARE_CONFIRM, SPARE_INSTALL, REPORT, CALLBACK])",
                error(dir, "b.json", "{\"contracts\": [{\"id\": \"bad\", \"severities\": {\"P1\": {\"RESTOR\": \"8h\"}}}]}"));
        assertEquals(dir.resolve("c.json") + ": contract bad: upgrade.to: 'Z' is not one of the contract's severities [P1]",
                error(dir, "c.json", "{\"contracts\": [{\"id\": \"bad\", \"severities\": {\"P1\": {}}, \"upgrade\": {\"after\": \"1h\", \"to\": \"Z\"}}]}"));
        assertEquals(dir.resolve("d.json") + ": contract bad: calendar: no calendar 'mars'",
                error(dir, "d.json", "{\"contracts\": [{\"id\": \"bad\", \"calendar\": \"mars\", \"severities\": {\"P1\": {}}}]}"));
        assertEquals(dir.resolve("e.json") + ": contract bad: severities.P1.ON_SITE.from: ON_SITE starts at OPENED or DISPATCHED, not 'ACKNOWLEDGED'",
                error(dir, "e.json", "{\"contracts\": [{\"id\": \"bad\", \"severities\": {\"P1\": {\"ON_SITE\": {\"target\": \"1h\", \"from\": \"ACKNOWLEDGED\"}}}}]}"));
    }

    @Test
    void tiersAreDataTheBundledDefaultsOrAContractsOwn(@TempDir Path dir) throws Exception {
        Tiers defaults = bundled.tiers();
        assertEquals(1, defaults.of(EscalationType.SLA_WARNING, SlaClock.RESPONSE, false));
        assertEquals(2, defaults.of(EscalationType.SLA_BREACH, SlaClock.RESPONSE, false));
        assertEquals(3, defaults.of(EscalationType.SLA_BREACH, SlaClock.RESTORE, false), "a RESTORE breach goes to the experts");
        assertEquals(3, defaults.of(EscalationType.SLA_BREACH, SlaClock.ON_SITE, true), "so does any breach of a major-event ticket");
        assertEquals(2, defaults.of(EscalationType.SITE_OUTAGE, null, false));

        Path file = Files.writeString(dir.resolve("tiers.json"), """
                {"contracts": [{"id": "vip", "severities": {"P1": {"RESPONSE": "5m"}},
                                "tiers": {"SLA_WARNING": 2, "breachOf": {"RESPONSE": 3}}}]}
                """);
        Policies p = Policies.load(Optional.of(file));
        Tiers vip = p.tiers(p.contract("vip").orElseThrow());
        assertEquals(2, vip.of(EscalationType.SLA_WARNING, SlaClock.RESPONSE, false), "the contract's own tier");
        assertEquals(3, vip.of(EscalationType.SLA_BREACH, SlaClock.RESPONSE, false));
        assertEquals(3, vip.of(EscalationType.SLA_BREACH, SlaClock.RESTORE, false), "the defaults it does not change stay");
        assertEquals(1, p.tiers(p.contract("seed-003").orElseThrow()).of(EscalationType.SLA_WARNING, SlaClock.RESPONSE, false),
                "other contracts keep the defaults");

        assertEquals(dir.resolve("f.json") + ": contract bad: tiers.SLA_WARNING: a tier is 1 (remote support), 2 (on-site service) or 3 (experts and management), not 4",
                error(dir, "f.json", "{\"contracts\": [{\"id\": \"bad\", \"severities\": {\"P1\": {}}, \"tiers\": {\"SLA_WARNING\": 4}}]}"));
        assertTrue(error(dir, "g.json", "{\"tiers\": {\"SLA_WARNIN\": 1}}").contains("tiers.SLA_WARNIN: not an escalation type"));
    }

    @Test
    void qualityTargetsAreDataSeed003sFromItsCommitmentTheRestOurs(@TempDir Path dir) throws Exception {
        var seed003 = bundled.contract("seed-003").orElseThrow().kpiTargets();
        assertEquals(99.0, seed003.get("repairRatePct"), "repair rate >= 99 %, from the commitment");
        assertEquals(95.0, seed003.get("satisfiedPct"), "satisfaction >= 95 %: a share of satisfied customers");
        assertEquals(95.0, bundled.contract("seed-001").orElseThrow().kpiTargets().get("responseCompliancePct"));
        assertEquals(dir.resolve("h.json") + ": contract bad: kpiTargets.repairRate: not one of " + Contract.KPI_TARGETS,
                error(dir, "h.json", "{\"contracts\": [{\"id\": \"bad\", \"severities\": {\"P1\": {}}, \"kpiTargets\": {\"repairRate\": 99}}]}"));
        assertEquals(dir.resolve("i.json") + ": contract bad: kpiTargets.satisfiedPct: 150 is not a percentage 0-100",
                error(dir, "i.json", "{\"contracts\": [{\"id\": \"bad\", \"severities\": {\"P1\": {}}, \"kpiTargets\": {\"satisfiedPct\": 150}}]}"));
    }

    @Test
    void firmwareTargetsAreDataAndAWrongOneIsRefusedByName(@TempDir Path dir) throws Exception {
        assertEquals(Map.of(), bundled.contract("seed-003").orElseThrow().firmwareTargets(),
                "no commitment names a version: the bundled contracts judge drift against each type's majority");
        Path file = Files.writeString(dir.resolve("fw.json"), """
                {"contracts": [{"id": "fw", "severities": {"P1": {}},
                                "firmwareTargets": {"CLOUD_TERMINAL": " 2.4.1", "SWITCH": "V200R019"}}]}
                """);
        assertEquals(Map.of(com.schoolops.sla.avro.DeviceType.CLOUD_TERMINAL, "2.4.1", com.schoolops.sla.avro.DeviceType.SWITCH, "V200R019"),
                Policies.load(Optional.of(file)).contract("fw").orElseThrow().firmwareTargets());
        assertEquals(dir.resolve("j.json") + ": contract bad: firmwareTargets.TERMINAL: 'TERMINAL' is not one of "
                        + java.util.List.of(com.schoolops.sla.avro.DeviceType.values()),
                error(dir, "j.json", "{\"contracts\": [{\"id\": \"bad\", \"severities\": {\"P1\": {}}, \"firmwareTargets\": {\"TERMINAL\": \"1\"}}]}"));
        assertEquals(dir.resolve("k.json") + ": contract bad: firmwareTargets.SWITCH: a firmware version as text, e.g. \"2.4.1\", not 2.4",
                error(dir, "k.json", "{\"contracts\": [{\"id\": \"bad\", \"severities\": {\"P1\": {}}, \"firmwareTargets\": {\"SWITCH\": 2.4}}]}"));
        assertTrue(error(dir, "l.json", "{\"contracts\": [{\"id\": \"bad\", \"severities\": {\"P1\": {}}, \"firmwareTargets\": [\"2.4\"]}]}")
                .endsWith("contract bad: firmwareTargets: an object of device type to firmware version, e.g. {\"CLOUD_TERMINAL\": \"2.4.1\"}, not [\"2.4\"]"));
    }

    @Test
    void aRepeatFailureIsThreeFaultsIn30DaysUnlessTheContractSaysOtherwise(@TempDir Path dir) throws Exception {
        assertEquals(new RepeatFailureTerms(3, Duration.ofDays(30)), bundled.contract("seed-003").orElseThrow().repeatFailure(),
                "seed-003 writes its promise (对频繁出现故障的设备，排查根本原因) out");
        assertEquals(new RepeatFailureTerms(3, Duration.ofDays(30)), bundled.contract("seed-001").orElseThrow().repeatFailure(), "the default");
        Path file = Files.writeString(dir.resolve("repeat.json"), """
                {"contracts": [{"id": "strict", "severities": {"P1": {}}, "repeatFailure": {"count": 2, "within": "7d"}},
                               {"id": "half", "severities": {"P1": {}}, "repeatFailure": {"within": "14d"}}]}
                """);
        Policies p = Policies.load(Optional.of(file));
        assertEquals(new RepeatFailureTerms(2, Duration.ofDays(7)), p.contract("strict").orElseThrow().repeatFailure());
        assertEquals(new RepeatFailureTerms(3, Duration.ofDays(14)), p.contract("half").orElseThrow().repeatFailure(), "count left out: 3");

        String bad = "{\"contracts\": [{\"id\": \"bad\", \"severities\": {\"P1\": {}}, \"repeatFailure\": %s}]}";
        assertEquals(dir.resolve("j.json") + ": contract bad: repeatFailure.count: a whole number of faults, 2 or more, not 1",
                error(dir, "j.json", bad.formatted("{\"count\": 1}")));
        assertEquals(dir.resolve("k.json") + ": contract bad: repeatFailure.count: a whole number of faults, 2 or more, not \"three\"",
                error(dir, "k.json", bad.formatted("{\"count\": \"three\"}")));
        assertEquals(dir.resolve("l.json") + ": contract bad: repeatFailure.within: 'a month' is not a duration (write e.g. 500ms, 15s, 10m, 2h, 1d or PT15S)",
                error(dir, "l.json", bad.formatted("{\"within\": \"a month\"}")));
        assertEquals(dir.resolve("m.json") + ": contract bad: repeatFailure.within: a length of time longer than nothing, not \"0d\"",
                error(dir, "m.json", bad.formatted("{\"within\": \"0d\"}")));
        assertEquals(dir.resolve("n.json") + ": contract bad: repeatFailure.times: not a field of repeatFailure (count, within)",
                error(dir, "n.json", bad.formatted("{\"times\": 3}")));
        assertEquals(dir.resolve("o.json") + ": contract bad: repeatFailure: an object such as {\"count\": 3, \"within\": \"30d\"}, not 3",
                error(dir, "o.json", bad.formatted("3")));
    }

    static String error(Path dir, String name, String json) throws Exception {
        Path file = Files.writeString(dir.resolve(name), json);
        return assertThrows(PolicyException.class, () -> Policies.load(Optional.of(file))).getMessage();
    }
}
