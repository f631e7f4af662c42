package com.schoolops.sla.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** The production jar's command line offers what a production host runs, and nothing of the tools. */
class ProductionMainTest {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final Main main = new Main("java -jar sla-app.jar", Main.productionCommands(new PrintStream(out, true)),
            new PrintStream(out, true), new PrintStream(err, true));

    @Test
    void itRunsTheProcessorAndCreatesTopicsAndTellsWhereTheToolsAre() {
        assertEquals(0, main.execute(new String[]{"--help"}));
        assertTrue(out.toString().contains("  run "), out.toString());
        assertTrue(out.toString().contains("  topics "), out.toString());
        assertTrue(out.toString().contains("  notify "), out.toString());
        assertEquals(2, main.execute(new String[]{"demo"}));
        assertEquals("error: unknown command 'demo'; commands: run, notify, topics, reset\n", err.toString());
    }

    // notify reads the settings file `run` reads (README, Configuration): the engine's and the console's keys in it are
    // accepted and ignored, so a wrong engine-only value does not stop notify; a key no deployable declares is still refused.

    @TempDir
    Path dir;

    /** The shared file, with a broker nobody listens on: notify gets as far as looking for the cluster. */
    private Path sharedFile(String extraLine) throws Exception {
        Path routes = Files.writeString(dir.resolve("routes.yaml"), String.join("\n",
                "receivers:", "  - {name: ops, webhook: {url: \"http://127.0.0.1:1/hook\"}}",
                "routes:", "  - {name: everything, receivers: [ops]}", ""));
        return Files.writeString(dir.resolve("sla.properties"), String.join("\n",
                "kafka.bootstrap.servers=127.0.0.1:1",
                "startup.timeout=1s",
                "http.port=8080",
                "notify.routes=" + routes,
                "notify.http.port=-1",
                extraLine, ""));
    }

    @Test
    void aWrongEngineSettingInTheSharedFileDoesNotStopNotify() throws Exception {
        int code = main.execute(new String[]{"notify", "--config", sharedFile("health.interval.SWITCH=banana").toString()});

        assertFalse(err.toString().contains("health.interval.SWITCH"), "notify judged an engine-only setting: " + err);
        assertTrue(err.toString().contains("cannot reach Kafka at 127.0.0.1:1"), "notify went on to the cluster: " + err);
        assertEquals(1, code);
    }

    @Test
    void aKeyNoDeployableKnowsIsStillRefusedInOneLine() throws Exception {
        int code = main.execute(new String[]{"notify", "--config", sharedFile("notify.tik=2s").toString()});

        assertEquals(2, code);
        assertEquals("error: notify: unknown configuration key(s) [notify.tik]; see the configuration reference in README.md"
                + " (see: java -jar sla-app.jar notify --help)\n", err.toString());
    }
}
