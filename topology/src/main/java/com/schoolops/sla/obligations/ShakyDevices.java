package com.schoolops.sla.obligations;

import com.schoolops.sla.avro.DeviceHealthChange;
import com.schoolops.sla.avro.HealthState;
import com.schoolops.sla.serde.KeySerde;
import com.schoolops.sla.serde.StateStores;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

import java.util.Map;
import java.util.TreeMap;

/**
 * When each device was last DEGRADED or FLAPPING, as device health told it (EVENT_AT_RISK lists the devices that were in
 * the week before a major event, SPEC section 10). Device health keeps only a device's state now and its flap window,
 * so the exam-day stage keeps this one instant per device that has ever been DEGRADED or FLAPPING (at most one per
 * device of the fleet; a device that leaves its site is forgotten): entering such a state stamps it, and so does
 * leaving it (it was in it until then).
 */
final class ShakyDevices {
    /** The store's name names its changelog: it never changes. */
    static final String STORE = "major-event-shaky-device-store";

    private final KeyValueStore<String, Long> lastShaky;

    ShakyDevices(ProcessorContext<?, ?> context) {
        this.lastShaky = context.getStateStore(STORE);
    }

    static StoreBuilder<?> store(boolean caching) {
        return StateStores.keyed(STORE, Serdes.String(), Serdes.Long(), caching);
    }

    void changed(DeviceHealthChange change) {
        if (shaky(change.getState()) || shaky(change.getPrevious())) {
            lastShaky.put(KeySerde.join(change.getSiteId(), change.getDeviceId()), change.getAt());
        }
    }

    void left(String siteId, String deviceId) {
        lastShaky.delete(KeySerde.join(siteId, deviceId));
    }

    /** The site's devices DEGRADED or FLAPPING at some time from {@code from} on, by id, with the last such instant. */
    Map<String, Long> since(String siteId, long from) {
        Map<String, Long> found = new TreeMap<>();
        for (var kv : SiteEntries.of(lastShaky, siteId)) {
            if (kv.value >= from) {
                found.put(KeySerde.parts(kv.key, 2)[1], kv.value);
            }
        }
        return found;
    }

    static boolean shaky(HealthState state) {
        return state == HealthState.DEGRADED || state == HealthState.FLAPPING;
    }
}
