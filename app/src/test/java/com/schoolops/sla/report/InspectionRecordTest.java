package com.schoolops.sla.report;

import com.schoolops.sla.avro.DeviceType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The quarter of {@link InspectionQuarter}, recorded, each figure worked out by hand:
 * <pre>
 *  availability (seconds neither DOWN, UNREACHABLE nor FLAPPING over the seconds tracked outside maintenance)
 *   srv-1, term-1  90 x 86 400 = 7 776 000 of 7 776 000                                        100.00 %
 *   sw-1    7 776 000 - 7 200 in maintenance = 7 768 800 counted; lost 3 600 (20 Jan);
 *           the 7 200 DOWN of 10 Feb started in maintenance: excused        7 765 200 / 7 768 800 = 99.95 %
 *   term-2  7 776 000 counted; lost 1 800 + 3 600 + 3 600 + 3 600 = 12 600    7 763 400 / 7 776 000 = 99.84 %
 *   term-3  44 x 86 400 + 43 200 = 3 844 800 of 3 844 800                                      100.00 %
 *   spk-1   nothing tracked                                                                    (none)
 *  outages  sw-1 1 (60 min); term-2 3: 30 min, 60 min, 23:00-01:00 = 120 min (one across midnight): 210 min, longest 120
 *  sw-1 packet loss  samples 78 x 2 880 + 2 760 + 2 640 = 230 040 at 0.2 %, 10 x 2 880 = 28 800 at 6 %:
 *           avg (230 040 x 0.2 + 28 800 x 6) / 258 840 = 218 808 / 258 840 = 0.85 %;
 *           p95: 95 % of 258 840 is 245 898; the 0.5 bucket holds 230 040 (88.9 %), the 10 bucket reaches 100 %: 10 %
 *  heartbeats  term-2 90 x 2 880 - (60 + 120 + 120 + 120) = 258 780; sw-1 88 x 2 880 + 2 760 + 2 640 = 258 840
 *  firmware  terminals against the target 2.4.1: term-1 2.4.1 (since 9 Feb 10:00), term-3 2.4.1, term-2 2.4.0 behind;
 *           the switch and the server against their own majority (one each): on it; spk-1 reports none
 *  advice   spk-1 never heard (90 days); srv-1 hot (avg 62 > 60); sw-1 loss p95 10 > 2; term-2 repeat failure (1, 3 outages,
 *           2 tickets); term-2 firmware behind the target
 *  SLA      response (2 + 1) of (2 + 2) = 75 % against 95: missed; satisfied 1 of 1 = 100 % against 95: met; repair rate:
 *           no fault reported, nothing to judge
 *  the CSV's SITE row pools the devices, each metric weighted by its samples (the heartbeats received):
 *   samples  srv-1 518 400, sw-1 258 840, terminals 259 200 + 258 780 + 128 160 = 646 140; all 1 423 380
 *   cpu      (40 x 518 400 + 10 x 258 840 + 20 x 646 140) / 1 423 380 = 36 247 200 / 1 423 380 = 25.47 %, peak 70
 *   memory   (60 x 518 400 + 30 x 258 840 + 40 x 646 140) / 1 423 380 = 64 714 800 / 1 423 380 = 45.47 %, peak 75
 *   temperature (62 x 518 400 + 45 x 258 840 + 40 x 646 140) / 1 423 380 = 69 634 200 / 1 423 380 = 48.92 °C, peak 78
 *   availability  counted 3 x 7 776 000 + 7 768 800 + 3 844 800 = 34 941 600, lost 3 600 + 12 600: 99.95 %
 *   heartbeats expected 518 400 + 2 x 259 200 + 128 160 + (89 x 2 880 + 2 640) + 90 x 1 440 = 1 553 520
 *   outages 4, 60 + 210 = 270 min, longest 120; tickets 3; off the reference 1 (term-2); advice 5
 * </pre>
 */
class InspectionRecordTest {
    final InspectionQuarter quarter = assertDoesNotThrow(InspectionQuarter::new);
    final InspectionRecord record = quarter.record();

    DeviceInspection device(String id) {
        return record.devices().stream().filter(d -> d.deviceId().equals(id)).findFirst().orElseThrow(() -> new AssertionError("no " + id));
    }

    @Test
    void eachDeviceIsItsDaysAddedUpARemovedOneKeepsTheDaysItServed() {
        assertEquals(List.of("srv-1", "term-1", "term-2", "term-3", "sw-1", "spk-1"), record.devices().stream().map(DeviceInspection::deviceId).toList(),
                "by type, then id");
        assertEquals(100.0, device("srv-1").availabilityPct(), 1e-9);
        assertEquals(100.0 * 7_765_200 / 7_768_800, device("sw-1").availabilityPct(), 1e-9, "maintenance excuses the DOWN that started in it");
        assertEquals(100.0 * 7_763_400 / 7_776_000, device("term-2").availabilityPct(), 1e-9);
        assertNull(device("spk-1").availabilityPct(), "never tracked");

        DeviceInspection term3 = device("term-3");
        assertEquals(45, term3.days(), "removed on 14 Feb at noon: 44 whole days and a half");
        assertEquals(InspectionQuarter.at(2026, 2, 14, 12, 0), term3.removedAt());
        assertEquals(3_844_800, term3.countedSeconds());

        DeviceInspection term2 = device("term-2");
        assertEquals(List.of(1_800L, 3_600L, 7_200L), term2.outages().stream().map(DeviceInspection.Outage::seconds).toList(),
                "the outage of 17 Mar 23:00 to 18 Mar 01:00 is one");
        assertEquals(InspectionQuarter.at(2026, 3, 18, 1, 0), term2.outages().get(2).end());
        assertEquals(210 * 60, term2.outageSeconds());
        assertEquals(258_780, term2.heartbeatsReceived());
        assertEquals(List.of("T-1", "T-2"), term2.tickets(), "OPENED in the quarter naming it, once each; T-4 is April's");
        assertEquals(List.of(1_800L * 2), device("sw-1").outages().stream().map(DeviceInspection.Outage::seconds).toList(),
                "the DOWN inside maintenance is no outage");

        DeviceInspection sw = device("sw-1");
        assertEquals(218_808.0 / 258_840, sw.packetLoss().avg(), 1e-9);
        assertEquals(10.0, sw.lossP95(), "the upper bound of the bucket reaching 95 %");
        assertEquals(10.0, sw.packetLoss().peak());
        assertEquals(62.0, device("srv-1").temperature().avg(), 1e-9);
        assertEquals(78.0, device("srv-1").temperature().peak(), 1e-9);
    }

    @Test
    void firmwareItsChangesAndItsDriftAgainstTheTargetOrTheMajority() {
        DeviceInspection term1 = device("term-1");
        assertEquals("2.4.1", term1.firmware());
        assertEquals(1, term1.firmwareChanges().size());
        assertEquals(InspectionQuarter.at(2026, 2, 9, 10, 0), term1.firmwareChanges().get(0).getAt(), "day 40");

        FirmwareDrift terminals = record.drift().stream().filter(f -> f.type() == DeviceType.CLOUD_TERMINAL).findFirst().orElseThrow();
        assertEquals("2.4.1", terminals.reference());
        assertEquals(FirmwareDrift.Source.TARGET, terminals.source());
        assertEquals(List.of("term-1", "term-3"), terminals.onReference());
        assertEquals(Map.of("term-2", "2.4.0"), terminals.behind());
        FirmwareDrift switches = record.drift().stream().filter(f -> f.type() == DeviceType.SWITCH).findFirst().orElseThrow();
        assertEquals(FirmwareDrift.Source.MAJORITY, switches.source());
        assertFalse(switches.drifts());
        FirmwareDrift speakers = record.drift().stream().filter(f -> f.type() == DeviceType.BROADCAST_SPEAKER).findFirst().orElseThrow();
        assertNull(speakers.reference());
        assertEquals(List.of("spk-1"), speakers.unknown());
    }

    @Test
    void theMajorityIsTheMostCommonVersionATieGoesToTheNewer() {
        assertTrue(FirmwareOrder.INSTANCE.compare("2.10.0", "2.9.9") > 0, "numbers, not text");
        assertTrue(FirmwareOrder.INSTANCE.compare("2.4", "2.4.1") < 0);
        assertTrue(FirmwareOrder.INSTANCE.compare("V200R019C10", "V200R020") < 0);
        assertEquals(0, FirmwareOrder.INSTANCE.compare("v2.4.1", "V2.4.1"));
        DeviceInspection a = device("term-1");
        DeviceInspection b = device("term-2");
        List<FirmwareDrift> tie = FirmwareDrift.of(List.of(a, b), Map.of());
        assertEquals("2.4.1", tie.get(0).reference(), "one each: the newer");
        assertEquals(Map.of("term-2", "2.4.0"), tie.get(0).behind());
    }

    @Test
    void theSitesFiguresAndTheAdviceByRule() {
        assertEquals("第三实验中学", record.siteName());
        assertEquals(List.of("spk-1"), record.neverHeard());
        assertEquals(1, record.network().switches());
        assertEquals(10.0, record.network().switchLossP95());
        assertEquals(device("sw-1").availabilityPct(), record.network().switchAvailabilityPct(), 1e-9);

        assertEquals(List.of(new InspectionRecord.TargetCheck("responseCompliancePct", 95, 75.0),
                new InspectionRecord.TargetCheck("repairRatePct", 99, null),
                new InspectionRecord.TargetCheck("satisfiedPct", 95, 100.0)), record.targets(), "April's day is not the quarter's");
        assertEquals(new ObligationsReview.Counts(2, 1, 1), record.obligations());
        assertEquals(List.of("return-visit"), record.obligationsMissed().stream().map(ObligationsReview.Missed::obligationId).toList());
        assertEquals(List.of("v-1", "v-2"), record.visits().stream().map(InspectionRecord.Visit::visitId).toList(),
                "the cancelled one and April's left out");
        assertEquals(4.5, record.visitSatisfaction(), 1e-9);
        assertEquals(Map.of("term-2", 1), record.repeatFailures(), "December's is last quarter's");
        assertEquals(3, record.tickets());

        assertEquals(List.of(
                        "TEMPERATURE srv-1 [62.0, 78.0, 60.0, 75.0]",
                        "REPEAT_FAILURE term-2 [1, 3, 2]",
                        "PACKET_LOSS sw-1 [10.0, 0.85, 2.0]",
                        "NEVER_HEARD spk-1 [90]",
                        "FIRMWARE_BEHIND term-2 [2.4.0, 2.4.1, TARGET]"),
                record.advice().stream().map(a -> a.rule() + " " + a.deviceId() + " " + a.figures()).toList(), "device by device, then firmware");
    }

    @Test
    void theCsvIsTheGoldenOne() throws Exception {
        String golden;
        try (var in = getClass().getResourceAsStream("/inspection/school-3-2026Q1.csv")) {
            golden = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String csv = InspectionCsv.render(record);
        assertEquals(golden, csv);
        assertEquals(InspectionCsv.COLUMNS.size(), csv.lines().skip(1).findFirst().orElseThrow().split(",", -1).length);
    }
}
