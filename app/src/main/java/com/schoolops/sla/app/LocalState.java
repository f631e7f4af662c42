package com.schoolops.sla.app;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * This instance's local state directory ({@code state.dir/application.id}) across stops. Under exactly-once, Kafka
 * Streams cannot trust local stores after a stop that was not clean (kill -9, a crash, a lost machine): they may hold
 * writes of a transaction that was aborted, so it discards them and restores from the changelogs, logging the tasks as
 * corrupted at WARN and ERROR. Kafka 4.4's transactional state stores (KIP-892) would keep them; they are not turned on.
 * So the instance notes each clean stop, and after one that was not, discards the task directories itself before it
 * starts and says so once, plainly. The process id file stays: the restarted instance keeps its transactional ids and
 * so fences the dead process's open transaction at once, instead of waiting for it to time out.
 */
final class LocalState {
    private static final Logger log = LoggerFactory.getLogger(LocalState.class);
    static final String CLEAN_STOP = ".sla-clean-stop";

    private final Path directory;

    LocalState(Path directory) {
        this.directory = directory;
    }

    /** Before Kafka Streams starts: discards the task state of an unclean stop; from now on, a stop is unclean until {@link #stoppedCleanly}. */
    void beforeStart() {
        Path marker = directory.resolve(CLEAN_STOP);
        try {
            List<Path> tasks = taskDirectories();
            if (!tasks.isEmpty() && !Files.exists(marker)) {
                log.info("The last stop of this instance was not clean: its local state ({} task directories under {}) may hold "
                        + "uncommitted writes, so it is restored from the changelogs (under exactly-once, Kafka Streams would "
                        + "discard it too); verdicts wait until it is", tasks.size(), directory);
                for (Path task : tasks) {
                    delete(task);
                }
            }
            Files.deleteIfExists(marker);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the local state under " + directory, e);
        }
    }

    /** After Kafka Streams closed cleanly (committed, flushed and checkpointed every store). */
    void stoppedCleanly() {
        try {
            if (Files.isDirectory(directory)) {
                Files.writeString(directory.resolve(CLEAN_STOP), "the last stop was clean\n");
            }
        } catch (IOException e) {
            log.warn("Cannot note the clean stop under {} ({}): the next start restores state from the changelogs", directory, e.toString());
        }
    }

    /** Kafka Streams keeps each task's stores in a directory named after the task: {@code <subtopology>_<partition>}. */
    private List<Path> taskDirectories() throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(Files::isDirectory).filter(p -> p.getFileName().toString().matches("\\d+_\\d+")).toList();
        }
    }

    private static void delete(Path tree) throws IOException {
        try (Stream<Path> files = Files.walk(tree)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
