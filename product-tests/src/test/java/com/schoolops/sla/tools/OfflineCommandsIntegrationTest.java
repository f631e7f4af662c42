package com.schoolops.sla.tools;

import com.schoolops.sla.testing.AppProcess;
import com.schoolops.sla.testing.TestWebConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The newcomer's jar as a user starts it: {@code demo} (stopped as Ctrl-C stops it), {@code replay} and {@code whatif}
 * each print no ERROR line and no warning about the temp directory, and leave nothing of theirs in the temp directory;
 * the demo's banner gives the scheme its console port speaks.
 */
class OfflineCommandsIntegrationTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path JAR = ROOT.resolve("topology/target/sla-processor.jar");

    @TempDir
    Path dir;

    /** A command of the jar in a child JVM whose temp directory is {@code tmp}; stdout and stderr in files. */
    record Run(Process process, Path out, Path err) {
        String stdout() throws Exception {
            return Files.readString(out, StandardCharsets.UTF_8);
        }

        String stderr() throws Exception {
            return Files.readString(err, StandardCharsets.UTF_8);
        }
    }

    Run start(Path tmp, String name, String... args) throws Exception {
        Files.createDirectories(tmp);
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-Djava.io.tmpdir=" + tmp, "-jar", JAR.toString()));
        argv.addAll(List.of(args));
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        Process p = new ProcessBuilder(argv).directory(ROOT.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new Run(p, out, err);
    }

    static void assertQuietAndClean(Run run, Path tmp) throws Exception {
        String err = run.stderr();
        List<String> noise = err.lines().filter(l -> l.contains("ERROR") || l.contains("temp directory")).toList();
        assertEquals(List.of(), noise, "no ERROR line and no temp-directory warning on stderr:\n" + err);
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of(), left.toList(), "nothing of the run is left in the temp directory");
        }
    }

    @Test
    void theDemoUnderTlsPrintsHttpsAndLeavesNothingBehindWhenStoppedAsByCtrlC() throws Exception {
        Path tmp = dir.resolve("demo-tmp");
        Path webConfig = TestWebConfig.write(Files.createDirectories(dir.resolve("web")));
        int http = AppProcess.freePort();
        Run demo = start(tmp, "demo", "demo", "--port", "0", "--sites", "1", "--set", "http.port=" + http,
                "--set", "http.web-config=" + webConfig);
        long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!demo.stdout().contains("Ctrl-C stops everything") && System.nanoTime() < end) {
            assertTrue(demo.process().isAlive(), "the demo runs:\n" + demo.stdout() + demo.stderr());
            Thread.sleep(250);
        }
        Thread.sleep(5_000); // the application running, its state directories written
        demo.process().destroy(); // SIGTERM: the same shutdown hook as Ctrl-C
        assertTrue(demo.process().waitFor(60, TimeUnit.SECONDS), "the demo stops");

        String banner = demo.stdout();
        assertTrue(banner.contains("Console:   https://localhost:" + http + "/"), banner);
        assertTrue(banner.contains("Registry:  https://localhost:" + http + " "), banner);
        assertFalse(banner.contains("http://localhost:" + http), "that port speaks HTTPS only:\n" + banner);
        assertQuietAndClean(demo, tmp);
    }

    @Test
    void replayAndWhatIfAreQuietAndLeaveNothingBehind() throws Exception {
        Path tmp = dir.resolve("replay-tmp");
        Run replay = start(tmp, "replay", "replay", "--input", "examples/seed-003-march.jsonl", "--output", dir.resolve("out.jsonl").toString());
        assertTrue(replay.process().waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, replay.process().exitValue(), replay.stderr());
        assertQuietAndClean(replay, tmp);

        Path whatifTmp = dir.resolve("whatif-tmp");
        Run whatif = start(whatifTmp, "whatif", "whatif", "--input", "examples/seed-003-march.jsonl", "--from", "2026-03-01", "--to", "2026-04-01",
                "--candidate", "examples/seed-003-tighter-response.json", "--output", dir.resolve("compare.html").toString());
        assertTrue(whatif.process().waitFor(180, TimeUnit.SECONDS));
        assertEquals(0, whatif.process().exitValue(), whatif.stderr());
        assertQuietAndClean(whatif, whatifTmp);
    }
}
