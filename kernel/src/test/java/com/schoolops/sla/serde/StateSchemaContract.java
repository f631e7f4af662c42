package com.schoolops.sla.serde;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Upgrades keep their state, for each deployable: what each release wrote to its stores, changelogs and repartition
 * topics is read by this build (golden bytes under the module's {@code src/test/resources/state-golden/<release>}),
 * this build's state schemas are in their history ({@code state-schemas/<Type>.history}), and every released schema
 * stays readable. Each deployable's test extends it with the state types it writes.
 */
public abstract class StateSchemaContract {
    /** The types this deployable writes through {@link StateSerde}: what an upgrade must be able to read. */
    protected abstract List<Class<? extends SpecificRecord>> stateTypes();

    public static final Path GOLDEN = Path.of("src/test/resources/state-golden");

    @Test
    void everyStateSchemaOfThisBuildIsInItsHistory() {
        for (Class<? extends SpecificRecord> type : stateTypes()) {
            Schema current = SpecificData.get().getSchema(type);
            long fingerprint = SchemaNormalization.parsingFingerprint64(current);
            assertTrue(StateSchemaHistory.released(type.getSimpleName()).stream()
                            .anyMatch(r -> SchemaNormalization.parsingFingerprint64(r.schema()) == fingerprint),
                    type.getSimpleName() + "'s schema changed: the next release must read state written with it. Add it to "
                            + "state-schemas/" + type.getSimpleName() + ".history with golden bytes (docs/UPGRADING.md)");
        }
    }

    @Test
    void everyReleasedStateSchemaIsReadableByThisBuild() {
        for (Class<? extends SpecificRecord> type : stateTypes()) {
            Schema current = SpecificData.get().getSchema(type);
            for (StateSchemaHistory.Released released : StateSchemaHistory.released(type.getSimpleName())) {
                var compatibility = SchemaCompatibility.checkReaderWriterCompatibility(current, released.schema());
                assertEquals(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE, compatibility.getType(),
                        type.getSimpleName() + " as written by " + released.release() + ": " + compatibility.getDescription());
            }
        }
    }

    @Test
    void stateWrittenByEveryReleaseReadsInThisBuild() throws IOException {
        List<Path> releases;
        try (Stream<Path> dirs = Files.list(GOLDEN)) {
            releases = dirs.sorted().toList();
        }
        assertFalse(releases.isEmpty(), "golden bytes of at least this release");
        int read = 0;
        for (Path release : releases) {
            for (Class<? extends SpecificRecord> type : stateTypes()) {
                StateSerde<? extends SpecificRecord> serde = new StateSerde<>(type);
                for (Path golden : goldenOf(release, type)) {
                    SpecificRecord state = serde.deserializer().deserialize("any", Files.readAllBytes(golden));
                    assertNotNull(state, golden.toString());
                    read++;
                }
            }
        }
        assertTrue(read >= stateTypes().size(), "every state type has golden bytes");
    }

    @Test
    void goldenBytesOfThisReleaseHoldExactlyTheirSampleAndThisBuildWritesTheSameBytes() throws IOException {
        Path release = GOLDEN.resolve(newestRelease());
        for (Class<? extends SpecificRecord> type : stateTypes()) {
            Schema schema = SpecificData.get().getSchema(type);
            List<GenericRecord> samples = SampleState.all(schema);
            List<Path> golden = goldenOf(release, type);
            assertEquals(samples.size(), golden.size(), type.getSimpleName());
            @SuppressWarnings("unchecked")
            StateSerde<SpecificRecord> serde = new StateSerde<>((Class<SpecificRecord>) type);
            for (int v = 0; v < samples.size(); v++) {
                byte[] bytes = Files.readAllBytes(golden.get(v));
                SpecificRecord state = serde.deserializer().deserialize("any", bytes);
                assertEquals(samples.get(v).toString(), state.toString(), golden.get(v).toString());
                assertArrayEquals(bytes, serde.serializer().serialize("any", state), "the bytes this build writes, for " + golden.get(v));
            }
        }
    }

    /** The release this build is: the newest that has golden bytes (versions compared part by part). */
    public static String newestRelease() throws IOException {
        try (Stream<Path> dirs = Files.list(GOLDEN)) {
            return dirs.map(d -> d.getFileName().toString()).max(java.util.Comparator.comparing(
                    (String r) -> java.util.Arrays.stream(r.split("\\.")).mapToInt(Integer::parseInt).toArray(), java.util.Arrays::compare)).orElseThrow();
        }
    }

    public static List<Path> goldenOf(Path release, Class<?> type) throws IOException {
        try (Stream<Path> files = Files.list(release)) {
            return files.filter(p -> p.getFileName().toString().startsWith(type.getSimpleName() + "-")).sorted().toList();
        }
    }

    public static Schema withAddedField(Schema schema) {
        List<Schema.Field> fields = new ArrayList<>();
        schema.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
        fields.add(new Schema.Field("addedInNextRelease", Schema.create(Schema.Type.STRING), "a field the next release adds", "not yet known"));
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
    }
}
