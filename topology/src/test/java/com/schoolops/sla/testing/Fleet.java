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

    /**
     * A registry entry, said step by step: {@code Fleet.device("sw-1", SWITCH).at("school-1").critical().build()}. By
     * default it is under contract seed-003, behind no switch, not critical, with no warranty date.
     */
    public static DeviceBuilder device(String id, DeviceType type) {
        return new DeviceBuilder(Device.newBuilder().setDeviceId(id).setDeviceType(type).setParentDeviceId(null)
                .setContractId("seed-003").setWarrantyUntil(null).setCritical(false));
    }

    public static final class DeviceBuilder {
        private final Device.Builder device;

        private DeviceBuilder(Device.Builder device) {
            this.device = device;
        }

        /** The site it is registered at (required). */
        public DeviceBuilder at(String siteId) {
            device.setSiteId(siteId);
            return this;
        }

        /** The uplink switch it is behind. */
        public DeviceBuilder behind(String parentDeviceId) {
            device.setParentDeviceId(parentDeviceId);
            return this;
        }

        /** A core device: its DOWN alone is a site outage. */
        public DeviceBuilder critical() {
            device.setCritical(true);
            return this;
        }

        public DeviceBuilder contract(String contractId) {
            device.setContractId(contractId);
            return this;
        }

        public DeviceBuilder warrantyUntil(Instant until) {
            device.setWarrantyUntil(until.toEpochMilli());
            return this;
        }

        public Device build() {
            return device.build();
        }
    }

    public static DeviceHeartbeat heartbeat(Device d, Instant at) {
        return heartbeat(d.getDeviceId(), d.getDeviceType(), d.getSiteId(), at, AgentStatus.OK);
    }

    public static DeviceHeartbeat heartbeat(String id, DeviceType type, String site, Instant at, AgentStatus status) {
        return DeviceHeartbeat.newBuilder().setDeviceId(id).setDeviceType(type).setSiteId(site).setTimestamp(at.toEpochMilli())
                .setStatus(status).setCpuPct(20.0).setMemPct(40.0).setTemperatureC(45.0).setPacketLossPct(0.0).build();
    }
}
