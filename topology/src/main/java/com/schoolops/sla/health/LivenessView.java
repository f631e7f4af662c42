package com.schoolops.sla.health;

import com.schoolops.sla.state.DeviceLiveness;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.StateStoreProvider;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The liveness stage's entries as they are now, a store of its task: in memory and not logged, since the stage writes
 * {@link HealthStores#DEVICE_LIVENESS} only once per checkpoint bucket and keeps the newest heartbeat here in between.
 * Lost with the task and rebuilt from the stored entries, each when first touched (a revived task restores its
 * stores and reads on from its committed offsets).
 * <p>
 * It is a store, not a field of the processor, so that the query API can read a device's newest heartbeat
 * ({@link #queryable()}) without a write per heartbeat: from here where the device was heard since the task started,
 * else from its stored entry (whose last-seen may be up to one checkpoint bucket older than its newest heartbeat).
 */
public final class LivenessView implements StateStore, LastHeard {
    private final Map<String, LiveDevice> devices = new ConcurrentHashMap<>();
    private volatile KeyValueStore<String, DeviceLiveness> stored;
    private volatile boolean open;

    LiveDevice get(String deviceId) {
        return devices.get(deviceId);
    }

    void put(String deviceId, LiveDevice live) {
        devices.put(deviceId, live);
    }

    void remove(String deviceId) {
        devices.remove(deviceId);
    }

    /** Emptied when its processor starts (again): what it held may be newer than the restored store and the offsets read on. */
    void reset(KeyValueStore<String, DeviceLiveness> stored) {
        devices.clear();
        this.stored = stored;
    }

    @Override
    public Long lastHeard(String deviceId) {
        LiveDevice live = devices.get(deviceId);
        if (live != null) {
            long at = live.heardAt;
            return at == Long.MIN_VALUE ? null : at;
        }
        KeyValueStore<String, DeviceLiveness> store = stored;
        DeviceLiveness entry = store == null ? null : store.get(deviceId);
        return entry == null || !entry.getHeard() ? null : entry.getLastSeen();
    }

    @Override
    public String name() {
        return HealthStores.LIVENESS_VIEW;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        devices.clear();
        context.register(root, (key, value) -> { }); // not logged: nothing to restore
        open = true;
    }

    @Override
    public void close() {
        open = false;
        devices.clear();
        stored = null;
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    /** The view's builder for the liveness stage: neither cached nor logged, whatever is asked. */
    static StoreBuilder<LivenessView> builder() {
        return new StoreBuilder<>() {
            @Override
            public StoreBuilder<LivenessView> withCachingEnabled() {
                return this;
            }

            @Override
            public StoreBuilder<LivenessView> withCachingDisabled() {
                return this;
            }

            @Override
            public StoreBuilder<LivenessView> withLoggingEnabled(Map<String, String> config) {
                throw new UnsupportedOperationException(HealthStores.LIVENESS_VIEW + " is rebuilt from " + HealthStores.DEVICE_LIVENESS + ", never logged");
            }

            @Override
            public StoreBuilder<LivenessView> withLoggingDisabled() {
                return this;
            }

            @Override
            public LivenessView build() {
                return new LivenessView();
            }

            @Override
            public Map<String, String> logConfig() {
                return Map.of();
            }

            @Override
            public boolean loggingEnabled() {
                return false;
            }

            @Override
            public String name() {
                return HealthStores.LIVENESS_VIEW;
            }
        };
    }

    /** For interactive queries: the views of this instance's active tasks read as one (a device is in one task's). */
    public static QueryableStoreType<LastHeard> queryable() {
        return new QueryableStoreType<>() {
            @Override
            public boolean accepts(StateStore store) {
                return store instanceof LivenessView;
            }

            @Override
            public LastHeard create(StateStoreProvider provider, String storeName) {
                return deviceId -> provider.stores(storeName, this).stream().map(view -> view.lastHeard(deviceId))
                        .filter(Objects::nonNull).max(Long::compare).orElse(null);
            }
        };
    }
}
