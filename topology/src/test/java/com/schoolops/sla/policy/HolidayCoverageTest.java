package com.schoolops.sla.policy;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/** A calendar in use without the holidays of this year, or of the coming one once its schedule is out, is said at once. */
class HolidayCoverageTest {
    final BusinessCalendar bundled = Policies.load(Optional.empty()).calendar("cn-default").orElseThrow();

    @Test
    void theBundledCalendarCoversTheYearAndNextYearIsNotAskedForBeforeDecember() {
        assertEquals(List.of(), HolidayCoverage.warnings(bundled, Instant.parse("2026-06-01T00:00:00Z")));
        assertEquals(List.of(), HolidayCoverage.warnings(bundled, Instant.parse("2025-12-15T00:00:00Z")), "2026 is bundled too");
    }

    @Test
    void inDecemberTheComingYearWithoutHolidaysIsWarnedInChineseThenEnglish() {
        List<String> warnings = HolidayCoverage.warnings(bundled, Instant.parse("2026-12-07T02:00:00Z"));
        assertEquals(List.of("日历 cn-default 没有 2027 年的节假日：请在 sla-contracts 上发布该日历的新版本（CALENDAR）"
                + " / calendar cn-default lists no holidays for 2027: publish its schedule as a CALENDAR version on sla-contracts"), warnings);
    }

    @Test
    void aCalendarWithNoHolidaysAtAllIsWarnedForThisYear() {
        BusinessCalendar bare = new BusinessCalendar("plain", bundled.zone(), bundled.workdays(), bundled.start(), bundled.end(),
                java.util.Set.of(), java.util.Set.of());
        List<String> warnings = HolidayCoverage.warnings(bare, Instant.parse("2027-03-01T00:00:00Z"));
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("2027"), warnings.toString());
    }

    @Test
    void theYearIsTheCalendarsOwn() {
        // 31 Dec 2026 17:00 UTC is already 1 Jan 2027 in Shanghai: the year in question is 2027 (and 2028 is not yet asked for).
        assertEquals(1, HolidayCoverage.warnings(bundled, Instant.parse("2026-12-31T17:00:00Z")).size());
        assertTrue(HolidayCoverage.warnings(bundled, Instant.parse("2026-12-31T17:00:00Z")).get(0).contains("2027"));
    }

    @Test
    void theBookWarnsForTheCalendarsInUseOnly(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        // "spare" is used by no contract and no site: it is not warned about; "site-9" is a site's own calendar: it is.
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("ours.json"), """
                {"calendars": [
                  {"id": "spare", "zone": "Asia/Shanghai", "workdays": ["MONDAY"], "workStart": "09:00", "workEnd": "18:00"},
                  {"id": "site-9", "zone": "Asia/Urumqi", "workdays": ["MONDAY"], "workStart": "10:00", "workEnd": "19:00"}],
                 "siteCalendars": {"school-9": "site-9"}}""");
        ContractBook book = ContractBook.of(Policies.load(Optional.of(file)));
        long june = Instant.parse("2026-06-01T00:00:00Z").toEpochMilli();
        assertEquals(java.util.Set.of("cn-default", "site-9"), book.calendarsInUse(june));
        List<String> warnings = book.holidayWarnings(june);
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("site-9") && warnings.get(0).contains("2026"), warnings.toString());
    }

    @Test
    void nextYearsScheduleAlreadyPublishedToTakeOverOnNewYearsDayCounts() {
        // Published in November 2026, in force from 1 January 2027 (Shanghai): it lists 2027's Spring Festival only.
        BusinessCalendar v2 = new BusinessCalendar(bundled.id(), bundled.zone(), bundled.workdays(), bundled.start(), bundled.end(),
                java.util.Set.of(java.time.LocalDate.of(2027, 2, 6)), java.util.Set.of());
        long newYear = Instant.parse("2026-12-31T16:00:00Z").toEpochMilli();
        CalendarTimeline timeline = new CalendarTimeline(List.of(bundled, v2), new long[]{Long.MIN_VALUE, newYear});
        assertEquals(List.of(), HolidayCoverage.warnings(timeline, Instant.parse("2026-12-07T02:00:00Z")));
    }
}
