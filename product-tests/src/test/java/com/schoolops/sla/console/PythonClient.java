package com.schoolops.sla.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.schoolops.sla.testing.Prerequisites;
import com.schoolops.sla.testing.Testbed;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code third-party/confluent_client.py}, a third party's program that knows only Confluent's Python client: it
 * writes a device, its heartbeats and a ticket through the registry API at {@code registryUrl} (its serializer
 * registering each schema, as it does by default) and prints the ticket's first escalation.
 */
final class PythonClient {
    private PythonClient() {
    }

    /**
     * Runs it to the end and returns the escalation it printed.
     *
     * @param registry the client's extra settings, as environment: {@code SR_USER_INFO} (user:password), {@code SR_CA} (a PEM)
     */
    static JsonNode escalationOf(Testbed testbed, String registryUrl, String ticketId, Map<String, String> registry) throws Exception {
        Prerequisites.confluentPython();
        Path script = testbed.dir.resolve("confluent_client.py");
        try (var in = PythonClient.class.getClassLoader().getResourceAsStream("third-party/confluent_client.py")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        Path err = testbed.dir.resolve("python-" + ticketId + ".err");
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", script.toString(), testbed.kafka.broker.bootstrapServers(), registryUrl, ticketId));
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(err.toFile());
        pb.environment().put("PYTHONPATH", Prerequisites.pythonPath());
        pb.environment().putAll(registry);
        Process python = pb.start();
        String out = new String(python.getInputStream().readAllBytes());
        assertTrue(python.waitFor(120, TimeUnit.SECONDS), "the client finishes");
        assertEquals(0, python.exitValue(), out + Files.readString(err));
        return new ObjectMapper().readTree(out);
    }
}
