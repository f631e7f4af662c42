package com.schoolops.sla.kpi;

import com.schoolops.sla.avro.KpiGranularity;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.*;

/** The KPI stage's keys write the bytes its stores held when they were strings (released state), and read them back. */
class KpiKeysTest {
    static <K> void sameBytesAsReleased(Serde<K> serde, K key, String released) {
        byte[] bytes = serde.serializer().serialize("store", key);
        assertArrayEquals(released.getBytes(StandardCharsets.UTF_8), bytes, released.replace('\u0000', '/'));
        assertEquals(key, serde.deserializer().deserialize("store", bytes));
    }

    @Test
    void windowsAndCensusesKeepTheirReleasedLayout() {
        sameBytesAsReleased(WindowKey.SERDE, new WindowKey(ScopeKey.contract("seed-003"), KpiGranularity.HOURLY, 1772420400000L),
                "CONTRACT:seed-003\u0000HOURLY\u00001772420400000");
        sameBytesAsReleased(CensusKey.SERDE, new CensusKey(ScopeKey.site("school:7"), "school:7"), "SITE:school:7\u0000school:7");
        assertEquals("SITE:school:7\u0000", CensusKey.prefixOf(ScopeKey.site("school:7")));
    }

    @Test
    void aScopeIsReadBackFromTheRepartitionKeyWhateverItsIdHolds() {
        assertEquals(ScopeKey.site("a:b"), ScopeKey.parse("SITE:a:b"));
        assertEquals("CONTRACT:seed-001", ScopeKey.contract("seed-001").text());
        assertThrows(IllegalArgumentException.class, () -> ScopeKey.parse("seed-001"));
    }
}
