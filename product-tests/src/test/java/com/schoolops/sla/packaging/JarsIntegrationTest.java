package com.schoolops.sla.packaging;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What each packaged jar holds (run after `package`, under failsafe): the production jar runs the processor and
 * carries no broker, no TopologyTestDriver and no simulator; the newcomer's jar has every command.
 */
class JarsIntegrationTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    static Set<String> entries(String jar) throws IOException {
        Path path = ROOT.resolve(jar);
        assertTrue(Files.exists(path), path + " is built by mvn package");
        try (JarFile file = new JarFile(path.toFile())) {
            return file.stream().map(e -> e.getName()).collect(Collectors.toSet());
        }
    }

    static boolean any(Set<String> entries, String prefix) {
        return entries.stream().anyMatch(e -> e.startsWith(prefix));
    }

    @Test
    void theProductionJarRunsTheProcessorAndCarriesNoToolOfTestingOrDemo() throws IOException {
        Set<String> jar = entries("app/target/sla-app.jar");
        for (String needed : List.of("com/schoolops/sla/cli/Main.class", "com/schoolops/sla/topology/SlaTopology.class",
                "org/apache/kafka/streams/KafkaStreams.class", "policies/seed-contracts.json", "librocksdbjni-linux64.so",
                "librocksdbjni-linux-aarch64.so")) {
            assertTrue(jar.contains(needed), needed);
        }
        for (String absent : List.of("kafka/server/", "org/apache/kafka/raft/", "org/apache/kafka/metadata/", "org/apache/kafka/controller/",
                "org/apache/kafka/streams/TopologyTestDriver", "com/schoolops/sla/simulator/", "com/schoolops/sla/embedded/",
                "com/schoolops/sla/replay/", "com/schoolops/sla/bench/", "com/schoolops/sla/tools/", "scala/",
                "org/junit/", "librocksdbjni-osx", "librocksdbjni-win64")) {
            assertFalse(any(jar, absent), "the production jar must not carry " + absent);
        }
    }

    @Test
    void theNewcomersJarHasEveryCommand() throws IOException {
        Set<String> jar = entries("topology/target/sla-processor.jar");
        for (String command : List.of("tools/DemoCommand", "cli/RunCommand", "tools/ReplayCommand", "tools/SimulateCommand",
                "tools/TailCommand", "cli/TopicsCommand", "tools/BenchCommand")) {
            assertTrue(jar.contains("com/schoolops/sla/" + command + ".class"), command);
        }
        assertTrue(jar.contains("kafka/server/KafkaRaftServer.class"), "the demo's in-process broker");
    }
}
