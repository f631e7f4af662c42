package com.schoolops.sla.replay;

import com.schoolops.sla.app.AppConfig;
import com.schoolops.sla.config.Settings;
import com.schoolops.sla.serde.InMemorySchemaRegistry;
import com.schoolops.sla.serde.ValueSerdes;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Replay of a recorded fleet day gives exactly the recorded output, byte for byte: 4 schools (one per bundled
 * contract), 40 devices beating for 6 hours with switch failures, silences, a flapping door unit, WARN and hot
 * devices, maintenance and major-event windows, a decommissioning, and tickets through every clock (parts, spare
 * units, reopening, severity changes, complaints, tickets open when an exam starts), then three days with the fleet silent —
 * 475 outputs of every type (146 of them KPI windows, 121 device days: each device's three local days, and the
 * decommissioned terminal's day up to its removal). A change that alters any
 * escalation, id, tier, timestamp or message shows here; when the change is intended, the expected file is
 * replaced and the reason given in the commit.
 */
class ReplayGoldenTest {
    @Test
    void aRecordedFleetDayReplaysToTheRecordedOutputByteForByte() throws Exception {
        AppConfig config = AppConfig.from(Settings.defaults(), ValueSerdes.registry(InMemorySchemaRegistry.withKnownSchemas()));
        StringWriter out = new StringWriter();
        Replay.Summary summary;
        try (InputStream gz = new GZIPInputStream(resource("golden/fleet-day.jsonl.gz"));
             BufferedReader in = new BufferedReader(new InputStreamReader(gz, StandardCharsets.UTF_8));
             Replay replay = new Replay(config, out, new PrintStream(new ByteArrayOutputStream(), true))) {
            summary = replay.run(in);
        }
        String expected = new String(resource("golden/fleet-day.expected.jsonl").readAllBytes(), StandardCharsets.UTF_8);
        if (!expected.equals(out.toString())) {
            Path actual = Path.of("target", "fleet-day.actual.jsonl");
            Files.writeString(actual, out.toString());
            List<String> e = expected.lines().toList();
            List<String> a = out.toString().lines().toList();
            int i = 0;
            while (i < Math.min(e.size(), a.size()) && e.get(i).equals(a.get(i))) {
                i++;
            }
            fail("replay output differs from the recorded one at line " + (i + 1) + " (" + a.size() + " lines, " + e.size()
                    + " expected; the whole output is in " + actual.toAbsolutePath() + ")\nexpected: "
                    + (i < e.size() ? e.get(i) : "<end>") + "\nactual:   " + (i < a.size() ? a.get(i) : "<end>"));
        }
        assertEquals(475, summary.outputs());
        assertEquals(2, summary.rejected(), "two tickets name neither a device nor a contract");
    }

    private static InputStream resource(String name) {
        InputStream in = ReplayGoldenTest.class.getClassLoader().getResourceAsStream(name);
        assertNotNull(in, name);
        return in;
    }
}
