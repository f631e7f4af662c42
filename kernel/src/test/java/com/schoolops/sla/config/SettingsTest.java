package com.schoolops.sla.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static com.schoolops.sla.config.Setting.Type.*;
import static org.junit.jupiter.api.Assertions.*;

class SettingsTest {
    /** A deployable's catalogue as the engine's would be, found on the class path as a service (test resources). */
    public static final class Engine implements SettingsCatalogue {
        @Override
        public String owner() {
            return "engine";
        }

        @Override
        public List<Setting> settings() {
            return List.of(new Setting("health.interval.SWITCH", DURATION, "30s", "a switch's heartbeat interval"),
                    new Setting("health.missed-intervals", WHOLE_NUMBER, "3", "intervals before DOWN"),
                    new Setting("health.check-interval", DURATION, "250ms", "how often deadlines are checked"));
        }
    }

    /** Another deployable that shares the file: the kernel's settings and nothing of the engine's. */
    static final SettingsCatalogue NOTIFY = SettingsCatalogue.of("notify", List.of(KernelSettings.CATALOGUE));

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
        var bad = assertThrows(ConfigException.class, () -> Settings.defaults().with(Map.of("health.check-interval", "soon")));
        assertEquals("health.check-interval: 'soon' is not a duration (write e.g. 500ms, 15s, 10m, 2h, 1d or PT15S)", bad.getMessage(),
                "a value of the wrong type is refused at start, not when it is first read");
        var notANumber = assertThrows(ConfigException.class, () -> Settings.defaults().with(Map.of("topics.partitions", "six")));
        assertEquals("topics.partitions must be a whole number, not 'six'", notANumber.getMessage());
    }

    @Test
    void aDeployableAcceptsAndIgnoresTheOtherDeployablesKeysOfASharedFile(@TempDir Path dir) throws Exception {
        Path shared = Files.writeString(dir.resolve("sla.properties"), "health.interval.SWITCH=banana\napplication.id=school-sla\n");

        Settings notify = Settings.load(NOTIFY, shared, Map.of("SLA_HEALTH_MISSED_INTERVALS", "many"), Map.of());

        assertEquals("school-sla", notify.get("application.id"));
        assertThrows(ConfigException.class, () -> notify.get("health.interval.SWITCH"), "not notify's: ignored, not kept");
        var unknown = assertThrows(ConfigException.class, () -> Settings.load(NOTIFY, shared, Map.of(), Map.of("notify.tik", "1s")));
        assertEquals("unknown configuration key(s) [notify.tik]; see the configuration reference in README.md", unknown.getMessage());
    }

    @Test
    void everyKeyHasAnEnvironmentName() {
        assertEquals("SLA_SITE_OUTAGE_DOWN_RATIO", new Setting("site-outage.down-ratio", NUMBER, "", "").envName());
        assertEquals("SLA_HEALTH_INTERVAL_CLOUD_SERVER", new Setting("health.interval.CLOUD_SERVER", DURATION, "", "").envName());
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
