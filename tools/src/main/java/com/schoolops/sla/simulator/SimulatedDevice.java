package com.schoolops.sla.simulator;

import com.schoolops.sla.avro.Device;

import java.time.Duration;

/** A device of the simulated fleet and the faults it is suffering. */
final class SimulatedDevice {
    final Device device;
    final Duration interval;
    long nextBeat;
    long silentUntil;
    long hotUntil;
    long flappingUntil;
    int beats;

    SimulatedDevice(Device device, Duration interval, long firstBeat) {
        this.device = device;
        this.interval = interval;
        this.nextBeat = firstBeat;
    }

    String id() {
        return device.getDeviceId();
    }
}
