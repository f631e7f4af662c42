package com.schoolops.sla.app;

import com.schoolops.sla.health.HealthStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class LocalStateTest {
    @TempDir
    Path dir;

    Path task(String name) throws Exception {
        Path store = Files.createDirectories(dir.resolve(name).resolve("rocksdb").resolve(HealthStores.DEVICE_STATE));
        Files.writeString(store.resolve("000001.sst"), "state");
        return dir.resolve(name);
    }

    @Test
    void afterAStopThatWasNotCleanTheTaskStateIsDiscardedButTheProcessIdKept() throws Exception {
        task("0_0");
        task("1_3");
        Files.writeString(dir.resolve("kafka-streams-process-metadata"), "{\"processId\":\"…\"}");

        new LocalState(dir).beforeStart();

        assertFalse(Files.exists(dir.resolve("0_0")));
        assertFalse(Files.exists(dir.resolve("1_3")));
        assertTrue(Files.exists(dir.resolve("kafka-streams-process-metadata")), "same transactional ids: the dead process's transaction is fenced at once");
    }

    @Test
    void afterACleanStopTheStateIsKeptAndTheNextStopIsUncleanUntilSaidOtherwise() throws Exception {
        task("0_0");
        LocalState state = new LocalState(dir);
        state.stoppedCleanly();

        state.beforeStart();
        assertTrue(Files.exists(dir.resolve("0_0").resolve("rocksdb")), "kept after a clean stop");
        assertFalse(Files.exists(dir.resolve(LocalState.CLEAN_STOP)), "a crash from now on is an unclean stop");

        new LocalState(dir).beforeStart();
        assertFalse(Files.exists(dir.resolve("0_0")), "killed without a clean stop: discarded");
    }

    @Test
    void aFirstStartHasNothingToDiscard() {
        new LocalState(dir.resolve("absent")).beforeStart();
        assertFalse(Files.exists(dir.resolve("absent")));
    }
}
