package com.schoolops.sla.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

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
}
