package com.schoolops.sla.serde;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.specific.SpecificRecord;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Every schema a release has written state with, per state type: the stores, their changelogs and the
 * {@code site-events} repartition envelope. State is written in single-object encoding, which carries the writer
 * schema's fingerprint; a build reads bytes of any released schema by resolving them against its own (new fields
 * take their defaults, removed ones are skipped). The history is kept in {@code state-schemas/<Type>.history}, one
 * released schema a line, {@code <release> <schema JSON>}; a build whose state schema is not in its history fails
 * its tests (each deployable's {@code StateSchemaContract} test lists the state types it writes), so no release writes
 * state that the next cannot read. The histories are resources of the module that owns the state.
 */
public final class StateSchemaHistory {
    private StateSchemaHistory() {
    }

    /** One released writer schema and the release that first wrote it. */
    public record Released(String release, Schema schema) {
    }

    private static final java.util.Map<String, List<Released>> READ = new java.util.concurrent.ConcurrentHashMap<>();

    /** The released writer schemas of {@code typeName} (simple name), oldest first; empty for a type with no history. */
    public static List<Released> released(String typeName) {
        // Read once per type: every serde of a topology (and every topology a test builds) asks again.
        return READ.computeIfAbsent(typeName, StateSchemaHistory::read);
    }

    private static List<Released> read(String typeName) {
        String resource = "state-schemas/" + typeName + ".history";
        try (InputStream in = StateSchemaHistory.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return List.of();
            }
            List<Released> released = new ArrayList<>();
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    int space = line.indexOf(' ');
                    released.add(new Released(line.substring(0, space), new Schema.Parser().parse(line.substring(space + 1))));
                }
            }
            return List.copyOf(released);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** A decoder reading {@code reader}'s type from bytes written with it or with any released schema of {@code typeName}. */
    public static <T> BinaryMessageDecoder<T> decoder(GenericData model, Schema reader, String typeName) {
        BinaryMessageDecoder<T> decoder = new BinaryMessageDecoder<>(model, reader);
        released(typeName).forEach(r -> decoder.addSchema(r.schema()));
        return decoder;
    }
}
