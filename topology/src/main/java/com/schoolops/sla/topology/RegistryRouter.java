package com.schoolops.sla.topology;

import com.schoolops.sla.avro.Device;
import com.schoolops.sla.health.HealthStores;
import com.schoolops.sla.state.DeviceRemoved;
import com.schoolops.sla.state.SiteEvent;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the device registry (keyed by deviceId) and tells sites what changed: a new or updated device to its
 * site; a device that moved, as removed from the old site and added to the new; a tombstone, as removed.
 */
public final class RegistryRouter implements Processor<String, Device, String, SiteEvent> {
    private ProcessorContext<String, SiteEvent> context;
    private KeyValueStore<String, Device> registry;

    @Override
    public void init(ProcessorContext<String, SiteEvent> context) {
        this.context = context;
        this.registry = context.getStateStore(HealthStores.DEVICE_REGISTRY);
    }

    @Override
    public void process(Record<String, Device> record) {
        if (record.key() == null) {
            throw new InvalidInputException("a device-registry record must be keyed by deviceId");
        }
        Device previous = registry.get(record.key());
        Device device = record.value();
        if (device == null) {
            if (previous != null) {
                registry.delete(record.key());
                context.forward(record.withKey(previous.getSiteId())
                        .withValue(new SiteEvent(new DeviceRemoved(record.key(), previous.getSiteId(), true))));
            }
            return;
        }
        if (!record.key().equals(device.getDeviceId())) {
            throw new InvalidInputException("device-registry key '" + record.key() + "' differs from its deviceId '" + device.getDeviceId() + "'");
        }
        if (device.getSiteId().isBlank()) {
            throw new InvalidInputException("device " + device.getDeviceId() + " has an empty siteId");
        }
        if (device.getDeviceId().equals(device.getParentDeviceId())) {
            throw new InvalidInputException("device " + device.getDeviceId() + " names itself as its parent");
        }
        registry.put(record.key(), device);
        if (previous != null && !previous.getSiteId().equals(device.getSiteId())) {
            context.forward(record.withKey(previous.getSiteId())
                    .withValue(new SiteEvent(new DeviceRemoved(record.key(), previous.getSiteId(), false))));
        }
        context.forward(record.withKey(device.getSiteId()).withValue(new SiteEvent(device)));
    }
}
