package com.schoolops.sla.topology;

import com.schoolops.sla.health.HealthPolicy;
import com.schoolops.sla.policy.InputBounds;
import com.schoolops.sla.policy.Policies;
import com.schoolops.sla.timers.InputWatermark;
import com.schoolops.sla.topics.Topics;

import java.time.Duration;
import java.util.Properties;

/**
 * What {@link SlaTopology#build} is made of, already read and checked: the health rules, the contracts, the topics
 * with their serdes, and the Kafka Streams settings the topology will run with. Assembled from the settings by the
 * engine's composition root, {@link EngineConfig}.
 *
 * @param unticketedGrace how long a device may be DOWN with no open ticket before UNTICKETED_OUTAGE
 * @param storeCaching    whether the Processor API stores use Streams' record cache
 * @param watermark       how far each site task's input has been read: verdicts due later wait for it
 * @param bounds          the times an input may carry; outside them it goes to dead-letters
 * @param kpiGrace        how long a KPI window stays open after its end, for facts that arrive late
 * @param kpiHourly       the length of a HOURLY KPI window: an hour, shorter in the demo
 */
public record SlaTopologyConfig(HealthPolicy health, Policies policies, Topics topics, Duration unticketedGrace,
                                boolean storeCaching, Properties streamsProperties, InputWatermark watermark, InputBounds bounds,
                                Duration kpiGrace, Duration kpiHourly) {
}
