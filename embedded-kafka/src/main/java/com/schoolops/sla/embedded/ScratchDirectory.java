package com.schoolops.sla.embedded;

import org.apache.kafka.common.utils.Utils;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A temporary directory of one run of a command (the demo's broker, files and state, replay's state): removed with
 * everything in it on close, so a run leaves nothing behind in the OS temp directory. Commands close it last, also
 * from their shutdown hook (Ctrl-C).
 */
public final class ScratchDirectory implements AutoCloseable {
    private final Path path;

    private ScratchDirectory(Path path) {
        this.path = path;
    }

    public static ScratchDirectory create(String prefix) {
        try {
            return new ScratchDirectory(Files.createTempDirectory(prefix));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a temporary directory (" + prefix + ")", e);
        }
    }

    /**
     * A scratch directory for Kafka Streams' state. Streams warns when {@code state.dir} is under the OS temp directory
     * (the OS may clear it under a long-lived application); this one is there on purpose and lives only as long as the
     * run, so that warning is noise here: its logger is raised to ERROR (its errors still show). Before Streams starts.
     */
    public static ScratchDirectory forState(String prefix) {
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka.streams.processor.internals.StateDirectory", "error");
        return create(prefix);
    }

    public Path path() {
        return path;
    }

    /** A copy of the classpath resource {@code resource} in this directory, as {@code name}. */
    public Path copyOf(String resource, String name) throws IOException {
        Path file = path.resolve(name);
        try (InputStream in = ScratchDirectory.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no resource " + resource);
            }
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }

    @Override
    public void close() {
        remove(path);
    }

    /** Removes {@code dir} and everything in it (Kafka's own recursive delete, which tolerates files already gone). */
    static void remove(Path dir) {
        try {
            Utils.delete(dir.toFile());
        } catch (IOException e) {
            System.err.println("could not remove the temporary directory " + dir + ": " + e.getMessage());
        }
    }
}
