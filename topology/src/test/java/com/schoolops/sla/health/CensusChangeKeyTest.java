package com.schoolops.sla.health;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The census changes' key (moved from the ticket stage to the counts' owner) writes the bytes its store held when it was a string. */
class CensusChangeKeyTest {
    @Test
    void censusChangesKeepTheirReleasedLayout() {
        CensusChangeKey census = new CensusChangeKey("school-1", "");
        assertArrayEquals("school-1\u0000".getBytes(StandardCharsets.UTF_8), CensusChangeKey.SERDE.serializer().serialize("store", census),
                "an unregistered device's site: no contract");
        assertEquals(census, CensusChangeKey.parse(census.text()));
    }
}
