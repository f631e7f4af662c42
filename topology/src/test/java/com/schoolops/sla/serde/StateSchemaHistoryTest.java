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
import com.schoolops.sla.state.SiteDeviceCounts;
import com.schoolops.sla.avro.SiteSchedule;
import com.schoolops.sla.avro.SiteOutage;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The engine's state upgrades ({@link StateSchemaContract}), and what only the engine's state shows: a next release
 * adding a field reads its stores and the {@code site-events} envelope; state from a newer release is refused.
 */
class StateSchemaHistoryTest extends StateSchemaContract {
    /** The types the engine writes through {@link StateSerde}: what an upgrade must be able to read. */
    static final List<Class<? extends SpecificRecord>> STATE_TYPES = List.of(DeviceState.class, DeviceLiveness.class,
            SiteOutageState.class, SiteSchedule.class, TicketState.class, PendingTicket.class, SiteEvent.class, KpiFact.class,
            KpiWindow.class, KpiCensus.class, SiteOutage.class, SiteDeviceCounts.class,
            com.schoolops.sla.avro.Site.class, com.schoolops.sla.avro.ServiceVisit.class, com.schoolops.sla.state.ObligationOccurrence.class,
            com.schoolops.sla.state.MajorEventReadiness.class, com.schoolops.sla.state.DeviceFailures.class,
            com.schoolops.sla.state.RecentStates.class);

    @Override
    protected List<Class<? extends SpecificRecord>> stateTypes() {
        return STATE_TYPES;
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

}
