package com.schoolops.sla.testing;

import com.schoolops.sla.avro.AgentStatus;
import com.schoolops.sla.avro.Device;
import com.schoolops.sla.avro.DeviceHeartbeat;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;

/** A live fleet for the real-broker tests: every device in {@link #beating} sends a heartbeat stamped now, every period. */
public final class HeartbeatPump implements AutoCloseable {
    /** The devices that beat; a test takes one out to make it fall silent, and puts it back to bring it back. */
    public final Set<Device> beating = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();

    /** @param send how a heartbeat reaches the topic (the device's id is its key) */
    public HeartbeatPump(Duration every, BiConsumer<String, DeviceHeartbeat> send) {
        this(every, send, device -> AgentStatus.OK);
    }

    /** @param status what each device's agent says of itself */
    public HeartbeatPump(Duration every, BiConsumer<String, DeviceHeartbeat> send, Function<Device, AgentStatus> status) {
        executor.scheduleAtFixedRate(() -> beating.forEach(d -> send.accept(d.getDeviceId(),
                        Fleet.heartbeat(d.getDeviceId(), d.getDeviceType(), d.getSiteId(), Instant.now(), status.apply(d)))),
                0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
