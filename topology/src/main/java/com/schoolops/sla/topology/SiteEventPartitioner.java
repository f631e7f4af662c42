package com.schoolops.sla.topology;

import com.schoolops.sla.state.ReadMark;
import com.schoolops.sla.state.SiteEvent;
import org.apache.kafka.streams.processor.StreamPartitioner;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Partitions {@code site-events}: a site's records by its key, as the producer's default does; a {@link ReadMark} to
 * every partition, since every site task must know how far each reading task has gone.
 */
final class SiteEventPartitioner implements StreamPartitioner<String, SiteEvent> {
    @Override
    public Optional<Set<Integer>> partitions(String topic, String key, SiteEvent value, int numPartitions) {
        if (value != null && value.getEvent() instanceof ReadMark) {
            return Optional.of(IntStream.range(0, numPartitions).boxed().collect(Collectors.toUnmodifiableSet()));
        }
        return Optional.empty(); // the default: by the key's hash
    }
}
