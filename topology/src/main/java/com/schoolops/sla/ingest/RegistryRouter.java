package com.schoolops.sla.ingest;

import com.schoolops.sla.avro.Device;
import com.schoolops.sla.deadletter.InvalidInputException;
import com.schoolops.sla.policy.ContractBook;
import com.schoolops.sla.policy.Policies;
import com.schoolops.sla.serde.StateStores;
import com.schoolops.sla.state.DeviceRemoved;
import com.schoolops.sla.state.SiteEvent;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each registered device's site (keyed by deviceId; the rest of the entry lives in the site's device state)
 * and tells sites what changed: a new or updated device to its
 * site; a device that moved, as removed from the old site and added to the new; a tombstone, as removed.
 */
public final class RegistryRouter implements Processor<String, Device, String, SiteEvent> {
    private static final Logger log = LoggerFactory.getLogger(RegistryRouter.class);
    private ProcessorContext<String, SiteEvent> context;
    private KeyValueStore<String, String> sites;

    /** The router with the store it keeps, {@link IngestStores#DEVICE_SITES}: where each device was, to tell a site it left. */
    public static ProcessorSupplier<String, Device, String, SiteEvent> supplier(Policies policies, boolean caching) {
        return StateStores.owning(() -> new RegistryRouter(policies), StateStores.of(IngestStores.DEVICE_SITES, Serdes.String(), caching));
    }

    private final Policies policies;
    private ContractBook contracts;

    public RegistryRouter(Policies policies) {
        this.policies = policies;
    }

    @Override
    public void init(ProcessorContext<String, SiteEvent> context) {
        this.context = context;
        this.sites = context.getStateStore(IngestStores.DEVICE_SITES);
        this.contracts = ContractBook.open(context, policies);
    }

    @Override
    public void process(Record<String, Device> record) {
        if (record.key() == null) {
            throw new InvalidInputException("a device-registry record must be keyed by deviceId");
        }
        String previousSite = sites.get(record.key());
        Device device = record.value();
        if (device == null) {
            if (previousSite != null) {
                sites.delete(record.key());
                context.forward(record.withKey(previousSite).withValue(new SiteEvent(new DeviceRemoved(record.key(), previousSite, true))));
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
        if (device.getContractId() != null && contracts.inForce(device.getContractId(), record.timestamp()).isEmpty()) {
            // Accepted: contracts may be added later. Its tickets that name no contract of their own are refused until then.
            log.warn("Device {} names contract '{}', which the policies do not know (known: {}): it is tracked; its tickets need a known contract",
                    device.getDeviceId(), device.getContractId(), contracts.contractIds());
        }
        if (!device.getSiteId().equals(previousSite)) {
            sites.put(record.key(), device.getSiteId());
        }
        if (previousSite != null && !previousSite.equals(device.getSiteId())) {
            context.forward(record.withKey(previousSite).withValue(new SiteEvent(new DeviceRemoved(record.key(), previousSite, false))));
        }
        context.forward(record.withKey(device.getSiteId()).withValue(new SiteEvent(device)));
    }
}
