package com.schoolops.sla.testing;

import com.schoolops.sla.avro.AgentStatus;
import com.schoolops.sla.avro.Device;
import com.schoolops.sla.avro.DeviceHeartbeat;
import com.schoolops.sla.avro.DeviceType;

import java.time.Instant;

/** Test fixtures: devices and heartbeats with the fields a test does not care about filled in. */
public final class Fleet {
    private Fleet() {
    }

    public static Device device(String id, DeviceType type, String site, String parent, boolean critical) {
        return Device.newBuilder().setDeviceId(id).setDeviceType(type).setSiteId(site).setParentDeviceId(parent)
                .setContractId("seed-003").setWarrantyUntil(null).setCritical(critical).build();
    }

    public static DeviceHeartbeat heartbeat(Device d, Instant at) {
        return heartbeat(d.getDeviceId(), d.getDeviceType(), d.getSiteId(), at, AgentStatus.OK);
    }

    public static DeviceHeartbeat heartbeat(String id, DeviceType type, String site, Instant at, AgentStatus status) {
        return DeviceHeartbeat.newBuilder().setDeviceId(id).setDeviceType(type).setSiteId(site).setTimestamp(at.toEpochMilli())
                .setStatus(status).setCpuPct(20.0).setMemPct(40.0).setTemperatureC(45.0).setPacketLossPct(0.0).build();
    }
}
