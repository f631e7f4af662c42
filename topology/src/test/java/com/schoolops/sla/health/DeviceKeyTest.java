package com.schoolops.sla.health;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.*;

/** The device-state store's key writes the bytes it held as a string (released state); a malformed one is named. */
class DeviceKeyTest {
    @Test
    void aDeviceKeyIsItsSiteThenItsDevice() {
        DeviceKey key = DeviceKey.of("school-1", "term-1");
        byte[] bytes = DeviceKey.SERDE.serializer().serialize("store", key);
        assertArrayEquals("school-1\u0000term-1".getBytes(StandardCharsets.UTF_8), bytes);
        assertEquals(key, DeviceKey.SERDE.deserializer().deserialize("store", bytes));
        assertTrue(key.text().startsWith(DeviceKey.sitePrefix("school-1")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceKey.parse("school-1"));
        assertEquals("a key of 2 parts, not 'school-1'", e.getMessage());
    }
}
