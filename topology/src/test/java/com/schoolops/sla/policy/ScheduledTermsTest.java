package com.schoolops.sla.policy;

import com.schoolops.sla.avro.ContractKind;
import com.schoolops.sla.avro.VisitKind;
import com.schoolops.sla.avro.VisitMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import static com.schoolops.sla.policy.BusinessCalendarTest.sh;
import static com.schoolops.sla.policy.PoliciesTest.error;
import static org.junit.jupiter.api.Assertions.*;

/** The scheduled half of the contracts as data (SPEC sections 9 and 10): warranty, obligations, the major event's readiness. */
class ScheduledTermsTest {
    final Policies bundled = Policies.load(Optional.empty());

    Contract seed(String id) {
        return bundled.contract(id).orElseThrow();
    }

    @Test
    void everySeedHasItsWarrantyFromAcceptance() {
        assertEquals(List.of(1, 2, 3, 1), List.of("seed-001", "seed-002", "seed-003", "seed-004").stream()
                .map(id -> seed(id).warranty().orElseThrow().years()).toList());
        // seed-004 accepted 2026-02-10 10:00 in Shanghai: one year of warranty ends 2027-02-10 10:00 there
        assertEquals(sh("2027-02-10T10:00:00"), seed("seed-004").warranty().orElseThrow().end(sh("2026-02-10T10:00:00"), ZoneId.of("Asia/Shanghai")));
    }

    @Test
    void seed001And002PromiseOnlyRegularlyAndGetNoObligations() {
        assertEquals(List.of(), seed("seed-001").obligations());
        assertEquals(List.of(), seed("seed-002").obligations());
        assertEquals(Optional.empty(), seed("seed-001").majorEventTerms());
    }

    @Test
    void seed003InspectsEveryQuarterOnSiteAndSurveysEveryHalfYearInWarranty() {
        List<Obligation> o = seed("seed-003").obligations();
        assertEquals(List.of("inspection", "survey"), o.stream().map(Obligation::id).toList());
        assertEquals("INSPECTION QUARTER x1 [ON_SITE] any-mode [] after 0s IN_WARRANTY dueSoon 10 working days", describe(o.get(0)));
        assertEquals("SURVEY HALF_YEAR x1 [] any-mode [] after 0s IN_WARRANTY dueSoon 10 working days", describe(o.get(1)));
    }

    @Test
    void seed004InspectsMaintainsAndCallsBackAPhoneAndAnOnSiteVisitEachQuarterWithinItsHours() {
        List<Obligation> o = seed("seed-004").obligations();
        assertEquals(List.of("inspection", "maintenance", "return-visit"), o.stream().map(Obligation::id).toList());
        assertEquals("INSPECTION QUARTER x1 [ON_SITE] any-mode [] after 0s IN_WARRANTY dueSoon 10 working days", describe(o.get(0)));
        assertEquals("MAINTENANCE_VISIT CONTRACT_YEAR x4 [] any-mode [] after 0s IN_WARRANTY dueSoon 10 working days", describe(o.get(1)));
        Obligation rv = o.get(2);
        assertEquals(VisitKind.RETURN_VISIT, rv.kind());
        assertEquals(Set.of(VisitMode.PHONE, VisitMode.ON_SITE), rv.modes());
        assertTrue(rv.allModes());
        assertEquals(List.of(new Hours(LocalTime.of(9, 30), LocalTime.of(11, 30)), new Hours(LocalTime.of(14, 50), LocalTime.of(17, 0))), rv.hours());
        assertEquals("1 month", rv.startAfter().toString());
        assertEquals(Obligation.Phase.ALWAYS, rv.phase(), "质保期满后仍定期回访");
        assertEquals(Optional.empty(), rv.record(), "the seeds set no deadline for the written record");
    }

    static String describe(Obligation o) {
        return o.kind() + " " + o.cadence() + " x" + o.count() + " " + o.modes() + " " + (o.allModes() ? "all-modes" : "any-mode") + " "
                + o.hours() + " after " + o.startAfter() + " " + o.phase() + " dueSoon " + o.dueSoon();
    }

    @Test
    void theMajorEventBlockCarriesThePrecheckTheStandbyAndTheDeviceClocks() {
        MajorEventTerms s3 = seed("seed-003").majorEventTerms().orElseThrow();
        assertEquals("7 working days", s3.precheck().orElseThrow().toString(), "提前7个工作日…专项巡检");
        assertEquals(OptionalInt.of(2), s3.minEngineers(), "活动期间安排2名以上技术人员现场值守");
        assertEquals(Map.of(DeviceClock.EMERGENCY_START, Target.parse("5m"), DeviceClock.DEVICE_RESTORE, Target.parse("30m")), s3.deviceClocks());
        assertEquals("5m", seed("seed-003").majorEvent().orElseThrow().clocks().get(com.schoolops.sla.avro.SlaClock.RESPONSE).target().toString(),
                "the ticket targets of the block stay as they were");
        MajorEventTerms s4 = seed("seed-004").majorEventTerms().orElseThrow();
        assertEquals(new MajorEventTerms(Optional.empty(), OptionalInt.of(1), Map.of()), s4, "派出技术支持工程师驻守");
        assertEquals(Optional.of("A"), seed("seed-004").majorEvent().orElseThrow().severity());
    }

    @Test
    void aVersionOnSlaContractsCarriesTheNewFieldsAsTheFileDoes() {
        for (Policies.Document d : bundled.documents()) {
            if (d.kind() != ContractKind.CONTRACT) {
                continue;
            }
            // what seeds sla-contracts is the file's JSON object, and a version is read back from it (ContractBook)
            Contract version = Policies.readContract("sla-contracts", d.json());
            Contract file = seed(d.id());
            assertEquals(file.warranty(), version.warranty(), d.id());
            assertEquals(file.obligations(), version.obligations(), d.id());
            assertEquals(file.majorEventTerms(), version.majorEventTerms(), d.id());
        }
    }

    @Test
    void spansAreCalendarMonthsOrTargets() {
        assertEquals(new Span(1, null), Span.parse("1 month"));
        assertEquals(new Span(24, null), Span.parse("2 years"));
        assertEquals("2 years", Span.parse("2 years").toString());
        assertEquals(new Span(0, Target.parse("10d working")), Span.parse("10d working"));
        assertEquals(new Span(0, Target.parse("5m")), Span.parse("5m"));
        assertThrows(IllegalArgumentException.class, () -> Span.parse("a fortnight"));
    }

    static final String OK = "\"id\": \"rv\", \"kind\": \"RETURN_VISIT\"";

    static String contract(String obligation) {
        return "{\"contracts\": [{\"id\": \"bad\", \"severities\": {\"P1\": {}}, \"warranty\": {\"years\": 1}, \"obligations\": [{" + obligation + "}]}]}";
    }

    @Test
    void aBadObligationIsRefusedInOneLineNamingTheContractTheObligationAndTheField(@TempDir Path dir) throws Exception {
        String at = dir.resolve("o.json") + ": contract bad: obligations[rv]";
        assertEquals(at + ".hours: '9:30-11:30' is not HH:MM-HH:MM",
                error(dir, "o.json", contract(OK + ", \"every\": \"QUARTER\", \"hours\": [\"9:30-11:30\"]")));
        assertEquals(at + ".hours: '14:50-25:00' is not HH:MM-HH:MM (no such time of day)",
                error(dir, "o.json", contract(OK + ", \"every\": \"QUARTER\", \"hours\": [\"14:50-25:00\"]")));
        assertEquals(at + ".hours: ends at 11:30, not after it starts at 14:50",
                error(dir, "o.json", contract(OK + ", \"every\": \"QUARTER\", \"hours\": [\"14:50-11:30\"]")));
        assertEquals(at + ".every: 'FORTNIGHT' is not one of [MONTH, QUARTER, HALF_YEAR, YEAR, CONTRACT_YEAR]",
                error(dir, "o.json", contract(OK + ", \"every\": \"FORTNIGHT\"")));
        assertEquals(at + ".count: a whole number of visits, 1 or more, not -4",
                error(dir, "o.json", contract(OK + ", \"count\": -4, \"per\": \"CONTRACT_YEAR\"")));
        assertEquals(at + ".per: CONTRACT_YEAR, not QUARTER (write \"every\")",
                error(dir, "o.json", contract(OK + ", \"count\": 2, \"per\": \"QUARTER\"")));
        assertEquals(at + ": give either \"every\" (MONTH, QUARTER, HALF_YEAR, YEAR) or \"count\" and \"per\" (CONTRACT_YEAR)",
                error(dir, "o.json", contract(OK + ", \"every\": \"QUARTER\", \"count\": 2")));
        assertEquals(at + ".phase: 'AFTER_WARRANTY' is not one of [IN_WARRANTY, ALWAYS]",
                error(dir, "o.json", contract(OK + ", \"every\": \"QUARTER\", \"phase\": \"AFTER_WARRANTY\"")));
        assertEquals(at + ".modes: 'VIDEO' is not one of [ON_SITE, REMOTE, PHONE]",
                error(dir, "o.json", contract(OK + ", \"every\": \"QUARTER\", \"modes\": [\"VIDEO\"]")));
        assertEquals(at + ".startAfter: 'a month' is not a span (write e.g. 1 month, 1 year, 5m, 2h, 10d working)",
                error(dir, "o.json", contract(OK + ", \"every\": \"QUARTER\", \"startAfter\": \"a month\"")));
        assertEquals(dir.resolve("o.json") + ": contract bad: obligations[x].kind: 'AUDIT' is not one of [INSPECTION, RETURN_VISIT, MAINTENANCE_VISIT, SURVEY, PRECHECK, STANDBY]",
                error(dir, "o.json", contract("\"id\": \"x\", \"kind\": \"AUDIT\", \"every\": \"YEAR\"")));
        assertEquals(dir.resolve("o.json") + ": contract bad: obligations[0].id: missing, or holds '|' (it is part of each occurrence's id)",
                error(dir, "o.json", contract("\"kind\": \"SURVEY\", \"every\": \"YEAR\"")));
        String noWarranty = "{\"contracts\": [{\"id\": \"bad\", \"severities\": {\"P1\": {}}, \"obligations\": [{" + OK
                + ", \"every\": \"QUARTER\", \"phase\": \"IN_WARRANTY\"}]}]}";
        assertEquals(at + ".phase: IN_WARRANTY needs the contract's warranty ({\"years\": N})", error(dir, "o.json", noWarranty));
        for (String line : List.of(error(dir, "o.json", contract(OK + ", \"every\": \"QUARTER\", \"hours\": [\"9:30\"]")))) {
            assertFalse(line.contains("\n"), "one line: " + line);
        }
    }

    @Test
    void aBadWarrantyOrMajorEventIsRefusedNamingTheField(@TempDir Path dir) throws Exception {
        String at = dir.resolve("m.json") + ": contract bad: ";
        String head = "{\"contracts\": [{\"id\": \"bad\", \"severities\": {\"P1\": {}}, ";
        assertEquals(at + "warranty.years: a whole number of years, 1 or more, not 0", error(dir, "m.json", head + "\"warranty\": {\"years\": 0}}]}"));
        assertEquals(at + "majorEvent.standby.minEngineers: a whole number of engineers, 1 or more, not -1",
                error(dir, "m.json", head + "\"majorEvent\": {\"standby\": {\"minEngineers\": -1}}}]}"));
        assertEquals(at + "majorEvent.precheck: '7 working days' is not a span (write e.g. 1 month, 1 year, 5m, 2h, 10d working)",
                error(dir, "m.json", head + "\"majorEvent\": {\"precheck\": \"7 working days\"}}]}"));
        assertEquals(at + "majorEvent.deviceClocks.EMERGENCY: not a device clock (one of [EMERGENCY_START, DEVICE_RESTORE])",
                error(dir, "m.json", head + "\"majorEvent\": {\"deviceClocks\": {\"EMERGENCY\": \"5m\"}}}]}"));
    }
}
