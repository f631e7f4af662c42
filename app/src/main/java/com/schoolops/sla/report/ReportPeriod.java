package com.schoolops.sla.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The period a record covers: a calendar month ({@code 2026-03}) or quarter ({@code 2026Q1}, January to March), as
 * local days of the contract calendar's zone, like the KPI records' days.
 *
 * @param label as the user wrote it and the files are named: {@code 2026-03} or {@code 2026Q1}
 */
public record ReportPeriod(String label, YearMonth firstMonth, YearMonth lastMonth) {
    private static final Pattern QUARTER = Pattern.compile("(\\d{4})-?Q([1-4])", Pattern.CASE_INSENSITIVE);

    public static ReportPeriod month(YearMonth month) {
        return new ReportPeriod(month.toString(), month, month);
    }

    /** {@code 2026Q1} (or {@code 2026-Q1}, any case). */
    public static ReportPeriod quarter(String text) {
        Matcher m = QUARTER.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a quarter: write it as 2026Q1 (Q1 is January to March)");
        }
        int year = Integer.parseInt(m.group(1));
        int q = Integer.parseInt(m.group(2));
        YearMonth first = YearMonth.of(year, 3 * q - 2);
        return new ReportPeriod(year + "Q" + q, first, first.plusMonths(2));
    }

    public boolean isQuarter() {
        return !firstMonth.equals(lastMonth);
    }

    public LocalDate firstDay() {
        return firstMonth.atDay(1);
    }

    public LocalDate lastDay() {
        return lastMonth.atEndOfMonth();
    }

    public boolean contains(LocalDate day) {
        return !day.isBefore(firstDay()) && !day.isAfter(lastDay());
    }

    /** The first instant of the period in {@code zone}. */
    public Instant start(ZoneId zone) {
        return firstDay().atStartOfDay(zone).toInstant();
    }

    /** The first instant after the period in {@code zone}. */
    public Instant end(ZoneId zone) {
        return lastDay().plusDays(1).atStartOfDay(zone).toInstant();
    }

    public boolean contains(long epochMs, ZoneId zone) {
        return epochMs >= start(zone).toEpochMilli() && epochMs < end(zone).toEpochMilli();
    }
}
