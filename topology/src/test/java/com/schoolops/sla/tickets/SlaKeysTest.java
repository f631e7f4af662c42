package com.schoolops.sla.tickets;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.*;

/** The ticket stage's keys write the bytes its stores held when they were strings (released state), and read them back. */
class SlaKeysTest {
    @Test
    void openTicketsKeepTheirReleasedLayout() {
        OpenTicketKey open = new OpenTicketKey("school-1", "sw-1", "T-9");
        byte[] bytes = OpenTicketKey.SERDE.serializer().serialize("store", open);
        assertArrayEquals("school-1\u0000sw-1\u0000T-9".getBytes(StandardCharsets.UTF_8), bytes);
        assertEquals(open, OpenTicketKey.SERDE.deserializer().deserialize("store", bytes));
        assertTrue(open.text().startsWith(OpenTicketKey.prefixOf("school-1", "sw-1")), "a device's tickets share its prefix");
        assertFalse(new OpenTicketKey("school-1", "sw-10", "T-1").text().startsWith(OpenTicketKey.prefixOf("school-1", "sw-1")),
                "and no other device's");
    }
}
