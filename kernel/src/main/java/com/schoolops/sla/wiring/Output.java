package com.schoolops.sla.wiring;

import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One named output of a processor: the child node it forwards to, and the one type it carries there. A stage
 * forwards only through its outputs, and {@link #checkWired} runs when the topology is built, so a child renamed or
 * left out fails the build, not the first record.
 */
public record Output<V>(String node, Class<V> type) {

    public static <V> Output<V> to(String node, Class<V> type) {
        return new Output<>(node, type);
    }

    /** Forwards {@code record} to this output's child. */
    public <K> void send(ProcessorContext<K, ? super V> context, Record<K, V> record) {
        context.forward(record, node);
    }

    /**
     * Checks that the processor node {@code processor} of {@code topology} has a child for each of its outputs.
     *
     * @throws IllegalStateException naming the processor and the outputs it has no child for
     */
    public static void checkWired(Topology topology, String processor, Collection<? extends Output<?>> outputs) {
        TopologyDescription.Node node = topology.describe().subtopologies().stream().flatMap(s -> s.nodes().stream())
                .filter(n -> n.name().equals(processor)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the topology has no processor named '" + processor + "'"));
        Set<String> children = node.successors().stream().map(TopologyDescription.Node::name).collect(Collectors.toSet());
        List<String> missing = outputs.stream().map(Output::node).filter(o -> !children.contains(o)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("processor '" + processor + "' forwards to " + missing + ", which are not among its children "
                    + children);
        }
    }
}
