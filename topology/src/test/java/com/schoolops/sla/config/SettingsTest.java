package com.schoolops.sla.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class SettingsTest {
    @Test
    void fileThenEnvironmentThenOverridesEachWin(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("app.properties");
        Files.writeString(file, "health.interval.SWITCH=45s\nhealth.missed-intervals=4\nkafka.bootstrap.servers=file:9092\n");
        Map<String, String> env = Map.of("SLA_HEALTH_MISSED_INTERVALS", "5", "SLA_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "PATH", "/usr/bin");
        Settings s = Settings.load(file, env, Map.of("kafka.bootstrap.servers", "cli:9092"));

        assertEquals(Duration.ofSeconds(45), s.getDuration("health.interval.SWITCH"));
        assertEquals(5, s.getInt("health.missed-intervals"), "the environment beats the file");
        assertEquals("cli:9092", s.kafkaClientSettings().get("bootstrap.servers"), "the command line beats both");
        assertEquals("SCRAM-SHA-512", s.kafkaClientSettings().get("sasl.mechanism"), "SLA_KAFKA_* passes to the clients");
        assertEquals("sla-processor", s.get("application.id"), "defaults for the rest");
    }

    @Test
    void anUnknownKeyOrABadValueIsAnErrorThatNamesTheKey() {
        var unknown = assertThrows(ConfigException.class, () -> Settings.defaults().with(Map.of("health.intervall.SWITCH", "1s")));
        assertTrue(unknown.getMessage().contains("health.intervall.SWITCH"), unknown.getMessage());
        var bad = assertThrows(ConfigException.class, () -> Settings.defaults().with(Map.of("health.check-interval", "soon")).getDuration("health.check-interval"));
        assertEquals("health.check-interval: 'soon' is not a duration (write e.g. 500ms, 15s, 10m, 2h, 1d or PT15S)", bad.getMessage());
    }

    @Test
    void everyKeyHasAnEnvironmentName() {
        assertEquals("SLA_SITE_OUTAGE_DOWN_RATIO", new Setting("site-outage.down-ratio", "", "").envName());
        assertEquals("SLA_HEALTH_INTERVAL_CLOUD_SERVER", new Setting("health.interval.CLOUD_SERVER", "", "").envName());
    }

    @Test
    void durationsReadAsPeopleWriteThem() {
        assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
        assertEquals(Duration.ofMinutes(10), Durations.parse("10m"));
        assertEquals(Duration.ofDays(2), Durations.parse("2d"));
        assertEquals(Duration.ofSeconds(15), Durations.parse("PT15S"));
        assertEquals("1m 30s", Durations.human(Duration.ofSeconds(90)));
        assertEquals("9.2s", Durations.human(Duration.ofMillis(9_236)));
        assertEquals("15s", Durations.format(Duration.ofSeconds(15)));
    }
}
