package com.schoolops.sla.deadletter;

import com.schoolops.sla.state.InputPosition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import java.nio.charset.StandardCharsets;

/**
 * Where an engine input was read, carried in its headers through the repartition to the site stage, so a dead letter
 * made of it there can say where it came from ({@link RefusedTicket}).
 */
public final class SourceHeaders {
    static final String HEADER_SOURCE_PARTITION = "sla.source.partition";
    static final String HEADER_SOURCE_OFFSET = "sla.source.offset";

    private SourceHeaders() {
    }

    /** Marks a record about to be re-keyed with where it was read, so a dead letter made of it later can say so. */
    public static void markSource(Headers headers, RecordMetadata read) {
        headers.remove(HEADER_SOURCE_PARTITION).remove(HEADER_SOURCE_OFFSET);
        headers.add(HEADER_SOURCE_PARTITION, bytes(String.valueOf(read.partition())));
        headers.add(HEADER_SOURCE_OFFSET, bytes(String.valueOf(read.offset())));
    }

    /** Where a re-keyed record was read on its own topic, or null when it was not marked. */
    public static InputPosition sourceOf(Headers headers) {
        var partition = headers.lastHeader(HEADER_SOURCE_PARTITION);
        var offset = headers.lastHeader(HEADER_SOURCE_OFFSET);
        if (partition == null || offset == null) {
            return null;
        }
        return new InputPosition(Integer.parseInt(new String(partition.value(), StandardCharsets.UTF_8)),
                Long.parseLong(new String(offset.value(), StandardCharsets.UTF_8)));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
