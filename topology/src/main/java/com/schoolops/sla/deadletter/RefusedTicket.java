package com.schoolops.sla.deadletter;

import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.state.InputPosition;
import org.apache.kafka.common.header.internals.RecordHeaders;

import static com.schoolops.sla.deadletter.DeadLetter.bytes;

/**
 * A ticket event the engine refuses: its original key and the record as it is written on its own topic (not the
 * internal envelope), with the partition and offset it was read at where known.
 */
public record RefusedTicket(String sourceTopic, String key, String reason, TicketEvent ticket, InputPosition position) implements DeadLetter {
    @Override
    public String kind() {
        return REFUSED_TICKET;
    }

    @Override
    public Written written(Originals originals, int partition, String deployable) {
        return asRead(sourceTopic, key, reason, position, originals.tickets().serialize(sourceTopic, ticket), deployable);
    }

    /** A refused input as it was read: its key and bytes, the reason, and where it was read where known. */
    static Written asRead(String sourceTopic, String key, String reason, InputPosition position, byte[] value, String deployable) {
        RecordHeaders headers = DeadLetter.reasonHeaders(InvalidInputException.class.getName(), reason, sourceTopic, deployable);
        if (position != null) {
            headers.add(DeadLetters.HEADER_PARTITION, bytes(String.valueOf(position.getPartition())));
            headers.add(DeadLetters.HEADER_OFFSET, bytes(String.valueOf(position.getOffset())));
        }
        return new Written(key == null ? null : bytes(key), value, headers);
    }
}
