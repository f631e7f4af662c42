package com.schoolops.sla.text;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LocalTimesTest {
    @Test
    void localTimeToTheSecondLabelledWithItsZone() {
        Instant missed = Instant.parse("2026-03-02T01:40:32.462Z");
        assertEquals("2026-03-02 09:40:32 Asia/Shanghai", LocalTimes.format(missed, ZoneId.of("Asia/Shanghai")));
        assertEquals("2026-03-02 01:40:32 UTC", LocalTimes.format(missed.toEpochMilli(), ZoneId.of("UTC")));
    }
}
