package com.schoolops.sla.http;

import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/** The probes an orchestrator asks, from the Kafka Streams state and what input waits for. */
class OpsServerProbesTest {
    final HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> get(OpsServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static OpsServer probesOnly(java.util.function.Supplier<KafkaStreams.State> state,
                                java.util.function.Supplier<java.util.Optional<String>> waits) {
        return probesOnly(0, state, waits);
    }

    static OpsServer probesOnly(int port, java.util.function.Supplier<KafkaStreams.State> state,
                                java.util.function.Supplier<java.util.Optional<String>> waits) {
        return new OpsServer(port, new OpsServer.Parts(state, waits, null, null, null,
                java.util.Optional.empty(), java.time.InstantSource.system(),
                java.util.Optional.empty(), false, java.util.Optional.empty(), 10));
    }

    @Test
    void readyOnlyWhileRunningAndLiveUntilItFailsOrStops() throws Exception {
        AtomicReference<KafkaStreams.State> state = new AtomicReference<>(KafkaStreams.State.REBALANCING);
        try (OpsServer server = probesOnly(state::get, java.util.Optional::empty)) {
            assertEquals(503, get(server, "/health/ready").statusCode(), "not ready while rebalancing or restoring");
            assertEquals(200, get(server, "/health/live").statusCode(), "but alive: no restart");

            state.set(KafkaStreams.State.RUNNING);
            HttpResponse<String> ready = get(server, "/health");
            assertEquals(200, ready.statusCode());
            assertEquals("{\"status\":\"UP\",\"streams\":\"RUNNING\"}", ready.body());

            state.set(KafkaStreams.State.ERROR);
            assertEquals(503, get(server, "/health/live").statusCode(), "a failed application asks to be restarted");
            assertEquals("{\"status\":\"DOWN\",\"streams\":\"ERROR\"}", get(server, "/health/ready").body());
        }
    }

    @Test
    void notReadyWhileInputWaitsForTheSchemaRegistryThoughStreamsRuns() throws Exception {
        AtomicReference<java.util.Optional<String>> waits = new AtomicReference<>(java.util.Optional.of("the schema registry, since 2026-11-28T08:00:00Z"));
        try (OpsServer server = probesOnly(() -> KafkaStreams.State.RUNNING, waits::get)) {
            HttpResponse<String> ready = get(server, "/health/ready");
            assertEquals(503, ready.statusCode());
            assertTrue(ready.body().contains("\"inputWaitsFor\":\"the schema registry"), ready.body());
            assertEquals(200, get(server, "/health/live").statusCode(), "waiting is no reason to restart");

            waits.set(java.util.Optional.empty());
            assertEquals(200, get(server, "/health/ready").statusCode());
        }
    }

    @Test
    void aPortInUseIsAConfigurationErrorThatSaysWhatToDo() {
        try (OpsServer first = probesOnly(() -> KafkaStreams.State.RUNNING, java.util.Optional::empty)) {
            com.schoolops.sla.config.ConfigException e = assertThrows(com.schoolops.sla.config.ConfigException.class,
                    () -> probesOnly(first.port(), () -> KafkaStreams.State.RUNNING, java.util.Optional::empty));
            assertTrue(e.getMessage().startsWith("http.port: port " + first.port() + " is in use"), e.getMessage());
            assertTrue(e.getMessage().contains("SLA_HTTP_PORT"), e.getMessage());
        }
    }
}
