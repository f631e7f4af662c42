package com.schoolops.sla.embedded;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The brokers the tests and the bench run on are set for failover as the compose file's broker and the README's real cluster. */
class FailoverBrokerSettingsTest {
    private static String read(String file) throws Exception {
        return Files.readString(Path.of("..").toAbsolutePath().normalize().resolve(file));
    }

    @Test
    void theComposeBrokerAndTheReadmeAskForWhatTheEmbeddedBrokerSets() throws Exception {
        String compose = read("docker-compose.yml");
        String readme = read("README.md");
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, String> s : EmbeddedKafka.FAILOVER.entrySet()) {
            String env = "KAFKA_" + s.getKey().toUpperCase(Locale.ROOT).replace('.', '_');
            if (!compose.contains(env + ": " + s.getValue() + "\n")) {
                missing.add("docker-compose.yml " + env + ": " + s.getValue());
            }
            if (!readme.contains("`" + s.getKey() + "=" + s.getValue() + "`")) {
                missing.add("README.md `" + s.getKey() + "=" + s.getValue() + "`");
            }
        }
        assertEquals(List.of(), missing);
    }
}
