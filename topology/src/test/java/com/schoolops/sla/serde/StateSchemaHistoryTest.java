package com.schoolops.sla.serde;

import com.schoolops.sla.state.DeviceState;
import com.schoolops.sla.state.DeviceLiveness;
import com.schoolops.sla.state.SiteOutageState;
import com.schoolops.sla.state.TicketState;
import com.schoolops.sla.state.PendingTicket;
import com.schoolops.sla.state.SiteEvent;
import com.schoolops.sla.state.KpiFact;
import com.schoolops.sla.state.KpiWindow;
import com.schoolops.sla.state.KpiCensus;
import com.schoolops.sla.state.NotifyPage;
import com.schoolops.sla.state.SiteSignal;
import com.schoolops.sla.state.SiteDeviceCounts;
import com.schoolops.sla.avro.SiteSchedule;
import com.schoolops.sla.avro.SiteOutage;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
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
 * Upgrades keep their state: what each release wrote to its stores, changelogs and the repartition envelope is read by
 * this build (golden bytes under {@code state-golden/<release>}), this build's state schemas are in their history,
 * and a next release that adds a field reads what this one wrote.
 */
class StateSchemaHistoryTest {
    /** The types this deployable writes through {@link StateSerde}: what an upgrade must be able to read. */
    static final List<Class<? extends SpecificRecord>> STATE_TYPES = List.of(DeviceState.class, DeviceLiveness.class,
            SiteOutageState.class, SiteSchedule.class, TicketState.class, PendingTicket.class, SiteEvent.class, KpiFact.class,
            KpiWindow.class, KpiCensus.class, NotifyPage.class, SiteSignal.class, SiteOutage.class, SiteDeviceCounts.class,
            com.schoolops.sla.avro.Site.class, com.schoolops.sla.avro.ServiceVisit.class, com.schoolops.sla.state.ObligationOccurrence.class);

    static final Path GOLDEN = Path.of("src/test/resources/state-golden");

    @Test
    void everyStateSchemaOfThisBuildIsInItsHistory() {
        for (Class<? extends SpecificRecord> type : STATE_TYPES) {
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
        for (Class<? extends SpecificRecord> type : STATE_TYPES) {
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
            for (Class<? extends SpecificRecord> type : STATE_TYPES) {
                StateSerde<? extends SpecificRecord> serde = new StateSerde<>(type);
                for (Path golden : goldenOf(release, type)) {
                    SpecificRecord state = serde.deserializer().deserialize("any", Files.readAllBytes(golden));
                    assertNotNull(state, golden.toString());
                    read++;
                }
            }
        }
        assertTrue(read >= STATE_TYPES.size(), "every state type has golden bytes");
    }

    @Test
    void goldenBytesOfThisReleaseHoldExactlyTheirSampleAndThisBuildWritesTheSameBytes() throws IOException {
        Path release = GOLDEN.resolve(newestRelease());
        for (Class<? extends SpecificRecord> type : STATE_TYPES) {
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

    @Test
    void theNextReleaseAddingAFieldReadsTheStoresAndTheEnvelopeThisReleaseWrote() throws IOException {
        for (String typeName : List.of("DeviceState", "TicketState", "SiteEvent")) {
            List<StateSchemaHistory.Released> released = StateSchemaHistory.released(typeName);
            Schema current = released.get(released.size() - 1).schema();
            Schema next = withAddedField(current);
            BinaryMessageDecoder<GenericRecord> nextRelease = StateSchemaHistory.decoder(GenericData.get(), next, typeName);
            List<GenericRecord> samples = SampleState.all(current);
            for (int v = 0; v < samples.size(); v++) {
                GenericRecord read = nextRelease.decode(Files.readAllBytes(GOLDEN.resolve(newestRelease()).resolve(typeName + "-" + v + ".bin")));
                assertEquals("not yet known", read.get("addedInNextRelease").toString(), "a new field takes its default");
                for (Schema.Field f : current.getFields()) {
                    assertEquals(String.valueOf(samples.get(v).get(f.name())), String.valueOf(read.get(f.name())), typeName + "." + f.name());
                }
            }
        }
    }

    @Test
    void stateFromANewerReleaseIsRefusedWithWhatToDo() {
        Schema next = withAddedField(SpecificData.get().getSchema(com.schoolops.sla.state.DeviceState.class));
        GenericRecord newer = SampleState.of(next, 0);
        byte[] bytes;
        try {
            var buffer = new org.apache.avro.message.BinaryMessageEncoder<GenericRecord>(GenericData.get(), next).encode(newer);
            bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        var error = assertThrows(org.apache.kafka.common.errors.SerializationException.class,
                () -> new StateSerde<>(com.schoolops.sla.state.DeviceState.class).deserializer().deserialize("any", bytes));
        assertTrue(error.getMessage().contains("stop every instance of the old release"), error.getMessage());
    }

    /** The release this build is: the newest that has golden bytes (versions compared part by part). */
    static String newestRelease() throws IOException {
        try (Stream<Path> dirs = Files.list(GOLDEN)) {
            return dirs.map(d -> d.getFileName().toString()).max(java.util.Comparator.comparing(
                    (String r) -> java.util.Arrays.stream(r.split("\\.")).mapToInt(Integer::parseInt).toArray(), java.util.Arrays::compare)).orElseThrow();
        }
    }

    static List<Path> goldenOf(Path release, Class<?> type) throws IOException {
        try (Stream<Path> files = Files.list(release)) {
            return files.filter(p -> p.getFileName().toString().startsWith(type.getSimpleName() + "-")).sorted().toList();
        }
    }

    static Schema withAddedField(Schema schema) {
        List<Schema.Field> fields = new ArrayList<>();
        schema.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
        fields.add(new Schema.Field("addedInNextRelease", Schema.create(Schema.Type.STRING), "a field the next release adds", "not yet known"));
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
    }
}
