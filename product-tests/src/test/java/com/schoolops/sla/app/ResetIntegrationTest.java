package com.schoolops.sla.app;

import com.schoolops.sla.avro.Device;
import com.schoolops.sla.avro.DeviceHealthChange;
import com.schoolops.sla.avro.DeviceType;
import com.schoolops.sla.avro.HealthState;
import com.schoolops.sla.testing.BrokerFixture;
import com.schoolops.sla.testing.Fleet;
import com.schoolops.sla.testing.MainRunner;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/** The reset command on a real broker: refused while the application runs, a dry run, then a reset the next start rebuilds from. */
class ResetIntegrationTest {
    static final String APP = "reset-it";

    @Test
    void aResetWipesWhatTheApplicationDerivedAndTheNextStartReadsEveryInputAgain() throws Exception {
        try (BrokerFixture kafka = new BrokerFixture(Map.of("application.id", APP));
             Admin admin = Admin.create(props(kafka))) {
            Device door = Fleet.device("door-r", DeviceType.ACCESS_CONTROL).at("reset-site").build();
            kafka.send("device-registry", door.getDeviceId(), door);
            kafka.send("device-heartbeats", door.getDeviceId(), Fleet.heartbeat(door, Instant.now()));
            String stateDir = kafka.config.settings().get("state.dir");
            String[] cluster = {"--bootstrap-servers", kafka.broker.bootstrapServers(), "--set", "application.id=" + APP, "--set", "state.dir=" + stateDir};

            try (SlaApplication app = new SlaApplication(kafka.config).start()) {
                app.awaitRunning(Duration.ofSeconds(60));
                awaitUps(kafka, 1);
                MainRunner.Result whileRunning = MainRunner.run(args("reset", cluster, "--yes"));
                assertEquals(2, whileRunning.code(), whileRunning.out() + whileRunning.err());
                assertTrue(whileRunning.out().contains("still run"), whileRunning.out());
            }
            assertFalse(internalTopics(admin).isEmpty());

            MainRunner.Result unconfirmed = MainRunner.run(args("reset", cluster));
            assertEquals(2, unconfirmed.code(), unconfirmed.out() + unconfirmed.err());
            assertTrue(unconfirmed.out().contains("add --yes"), unconfirmed.out());
            MainRunner.Result dryRun = MainRunner.run(args("reset", cluster, "--dry-run"));
            assertEquals(0, dryRun.code(), dryRun.out() + dryRun.err());
            assertTrue(dryRun.out().contains(APP + "-device-liveness-store-changelog"), dryRun.out());
            assertTrue(dryRun.out().contains(APP + "-site-events-repartition"), dryRun.out());
            Set<String> kept = internalTopics(admin);
            assertTrue(kept.contains(APP + "-device-state-store-changelog"), "nothing deleted by a dry run or without --yes: " + kept);
            assertTrue(Files.exists(Path.of(stateDir, APP)));

            MainRunner.Result reset = MainRunner.run(args("reset", cluster, "--yes"));
            assertEquals(0, reset.code(), reset.out() + reset.err());
            long deadline = System.currentTimeMillis() + 30_000;
            while (!internalTopics(admin).isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(200); // topic deletion completes on the brokers after the call returns
            }
            assertEquals(Set.of(), internalTopics(admin), "every changelog and repartition topic deleted");
            assertFalse(admin.listConsumerGroupOffsets(APP).partitionsToOffsetAndMetadata().get().values().stream()
                    .anyMatch(o -> o != null && o.offset() > 0), "no committed offset left");
            assertFalse(Files.exists(Path.of(stateDir, APP)), "local state deleted");
            assertTrue(kafka.readAll("device-registry").size() == 1 && kafka.readAll("device-health").size() == 1,
                    "inputs and outputs kept");

            try (SlaApplication again = new SlaApplication(kafka.config).start()) {
                again.awaitRunning(Duration.ofSeconds(60));
                awaitUps(kafka, 2); // read from the beginning, judged from nothing: the door is UP a second time
            }
        }
    }

    static String[] args(String command, String[] cluster, String... more) {
        return java.util.stream.Stream.of(new String[]{command}, cluster, more).flatMap(java.util.Arrays::stream).toArray(String[]::new);
    }

    static Properties props(BrokerFixture kafka) {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.broker.bootstrapServers());
        return p;
    }

    static Set<String> internalTopics(Admin admin) throws Exception {
        return admin.listTopics().names().get().stream().filter(t -> t.startsWith(APP + "-")).collect(Collectors.toSet());
    }

    static void awaitUps(BrokerFixture kafka, int count) {
        kafka.readUntil("device-health", rs -> rs.stream().map(r -> (DeviceHealthChange) kafka.decode(r))
                .filter(c -> c.getDeviceId().equals("door-r") && c.getState() == HealthState.UP).count() >= count, Duration.ofSeconds(60));
    }
}
