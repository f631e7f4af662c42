package com.schoolops.sla.serde;

import org.apache.avro.specific.SpecificData;

/**
 * The Avro model every serde here reads and writes with: the generated classes' own coders, which write the same
 * bytes as Avro's generic walk over the schema for a fraction of its cost (Avro leaves them off unless asked, by a
 * system property; they are asked for here, so no launcher has to remember it). A record read through an older or
 * newer schema is still resolved field by field.
 */
public final class AvroModel {
    private static final SpecificData MODEL = withCustomCoders();

    private AvroModel() {
    }

    public static SpecificData get() {
        return MODEL;
    }

    private static SpecificData withCustomCoders() {
        SpecificData model = new SpecificData();
        model.setCustomCoders(true);
        return model;
    }
}
