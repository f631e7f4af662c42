package com.schoolops.sla.deadletter;

import com.schoolops.sla.avro.ServiceVisit;
import com.schoolops.sla.state.InputPosition;

/**
 * A service visit the engine refuses (its site is not in site-registry): its original key and the record as it is
 * written on service-visits, with the partition and offset it was read at where known.
 */
public record RefusedVisit(String key, String reason, ServiceVisit visit, InputPosition position) implements DeadLetter {
    @Override
    public String kind() {
        return REFUSED_VISIT;
    }

    @Override
    public Written written(Originals originals, int partition, String deployable) {
        return RefusedTicket.asRead(originals.visitTopic(), key, reason, position,
                originals.visits().serialize(originals.visitTopic(), visit), deployable);
    }
}
