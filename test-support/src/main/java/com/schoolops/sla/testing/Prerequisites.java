package com.schoolops.sla.testing;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Programs some tests need from the machine (a browser and its driver, Debian's Python client of Confluent). CI
 * ({@code .ci/run}) installs them and sets {@code SLA_REQUIRE_EXTERNAL=1}, so there a missing one fails the test; on a
 * developer's machine without them the test is skipped, saying what to install.
 */
public final class Prerequisites {
    private Prerequisites() {
    }

    public static void require(boolean present, String what, String install) {
        if (present) {
            return;
        }
        String message = what + " is not installed (" + install + ")";
        if ("1".equals(System.getenv("SLA_REQUIRE_EXTERNAL"))) {
            throw new AssertionError(message + ", and SLA_REQUIRE_EXTERNAL=1 asks for it");
        }
        Assumptions.abort(message + ": skipped");
    }

    /** Debian's chromium and chromedriver. */
    public static void browser() {
        require(Files.isExecutable(Path.of("/usr/bin/chromium")) && Files.isExecutable(Path.of("/usr/bin/chromedriver")),
                "Chromium with its driver", "apt-get install chromium chromium-driver");
    }

    /** Debian's python3 with confluent_kafka, and fastavro on {@link #pythonPath()}. */
    public static void confluentPython() {
        boolean ok;
        try {
            ProcessBuilder check = new ProcessBuilder(List.of("/usr/bin/python3", "-c",
                    "import confluent_kafka.schema_registry.avro, fastavro")).redirectErrorStream(true);
            check.environment().put("PYTHONPATH", pythonPath());
            Process p = check.start();
            ok = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            ok = false;
        }
        require(ok, "Python's confluent_kafka with fastavro",
                "apt-get install python3-confluent-kafka python3-requests; pip install --target DIR fastavro; SLA_PYTHONPATH=DIR");
    }

    /** Where fastavro was installed ({@code SLA_PYTHONPATH}), or empty. */
    public static String pythonPath() {
        return System.getenv().getOrDefault("SLA_PYTHONPATH", "");
    }
}
