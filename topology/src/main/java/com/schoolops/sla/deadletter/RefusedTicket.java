package com.schoolops.sla.deadletter;

import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.state.InputPosition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;

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
    public Written written(Serializer<TicketEvent> tickets, int partition, String deployable) {
        RecordHeaders headers = DeadLetter.reasonHeaders(InvalidInputException.class.getName(), reason, sourceTopic, deployable);
        if (position != null) {
            headers.add(DeadLetters.HEADER_PARTITION, bytes(String.valueOf(position.getPartition())));
            headers.add(DeadLetters.HEADER_OFFSET, bytes(String.valueOf(position.getOffset())));
        }
        return new Written(key == null ? null : bytes(key), tickets.serialize(sourceTopic, ticket), headers);
    }
}
