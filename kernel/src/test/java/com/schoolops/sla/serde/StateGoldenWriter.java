package com.schoolops.sla.serde;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Run once per release that changes a state schema of a deployable (see docs/upgrading.md): appends this build's state
 * schemas to their history and writes golden bytes of each under {@code <module>/src/test/resources/state-golden/<release>/}.
 * Arguments: the release label, the module directory ({@code topology}, {@code notify}) and its {@link StateSchemaContract}
 * test, which lists the state types it writes.
 */
public final class StateGoldenWriter {
    public static void main(String[] args) throws Exception {
        String release = args[0];
        Path core = Path.of(args[1]);
        var constructor = Class.forName(args[2]).asSubclass(StateSchemaContract.class).getDeclaredConstructor();
        constructor.setAccessible(true);
        List<Class<? extends SpecificRecord>> types = constructor.newInstance().stateTypes();
        Path history = core.resolve("src/main/resources/state-schemas");
        Path golden = core.resolve("src/test/resources/state-golden").resolve(release);
        Files.createDirectories(history);
        Files.createDirectories(golden);
        for (Class<? extends SpecificRecord> type : types) {
            Schema schema = SpecificData.get().getSchema(type);
            String name = type.getSimpleName();
            boolean known = StateSchemaHistory.released(name).stream().anyMatch(r -> r.schema().equals(schema));
            if (!known) {
                Files.writeString(history.resolve(name + ".history"), release + " " + schema + "\n",
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            List<GenericRecord> samples = SampleState.all(schema);
            for (int v = 0; v < samples.size(); v++) {
                ByteBuffer bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(samples.get(v));
                byte[] out = new byte[bytes.remaining()];
                bytes.get(out);
                Files.write(golden.resolve(name + "-" + v + ".bin"), out);
            }
        }
    }
}
