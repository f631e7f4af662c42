package com.schoolops.sla.ingest;

import com.schoolops.sla.avro.DeviceHeartbeat;
import com.schoolops.sla.config.Durations;
import com.schoolops.sla.deadletter.InvalidInputException;
import com.schoolops.sla.state.SiteEvent;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.time.Instant;

/**
 * Joins each heartbeat (keyed by deviceId) with the device's registered site: the registry is authoritative, the heartbeat's own siteId serves for devices the registry does not know. Heartbeats that
 * cannot be trusted are rejected to dead-letters.
 */
public final class HeartbeatRouter implements Processor<String, DeviceHeartbeat, String, SiteEvent> {
    private final Duration maxFutureSkew;
    private ProcessorContext<String, SiteEvent> context;
    private KeyValueStore<String, String> sites;

    public HeartbeatRouter(Duration maxFutureSkew) {
        this.maxFutureSkew = maxFutureSkew;
    }

    @Override
    public void init(ProcessorContext<String, SiteEvent> context) {
        this.context = context;
        this.sites = context.getStateStore(IngestStores.DEVICE_SITES);
    }

    @Override
    public void process(Record<String, DeviceHeartbeat> record) {
        DeviceHeartbeat hb = record.value();
        if (hb == null) {
            throw new InvalidInputException("a heartbeat must have a value (tombstones mean nothing on this topic)");
        }
        if (record.key() != null && !record.key().equals(hb.getDeviceId())) {
            throw new InvalidInputException("heartbeat key '" + record.key() + "' differs from its deviceId '" + hb.getDeviceId() + "'");
        }
        long now = context.currentSystemTimeMs();
        if (hb.getTimestamp() > now + maxFutureSkew.toMillis()) {
            throw new InvalidInputException("heartbeat of " + hb.getDeviceId() + " is stamped " + Instant.ofEpochMilli(hb.getTimestamp())
                    + ", more than " + Durations.format(maxFutureSkew) + " ahead of the processor's clock (" + Instant.ofEpochMilli(now) + ")");
        }
        if (hb.getTimestamp() <= 0) {
            throw new InvalidInputException("heartbeat of " + hb.getDeviceId() + " has no timestamp");
        }
        String registeredSite = sites.get(hb.getDeviceId());
        String siteId = registeredSite != null ? registeredSite : hb.getSiteId();
        context.forward(record.withKey(siteId).withValue(new SiteEvent(hb)));
    }
}
