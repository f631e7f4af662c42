package com.schoolops.sla.testing;

import com.schoolops.sla.tools.ToolsMain;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

/** Runs a command line of the jar in this JVM and keeps what it printed, for tests in other packages. */
public final class MainRunner {
    public record Result(int code, String out, String err) {
    }

    private MainRunner() {
    }

    public static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ToolsMain.main(new PrintStream(out, true), new PrintStream(err, true)).execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
