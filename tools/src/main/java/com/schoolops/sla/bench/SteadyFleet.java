package com.schoolops.sla.bench;

import com.schoolops.sla.avro.Device;

import java.time.Duration;
import java.util.function.IntFunction;

/**
 * A fleet beating steadily: each device once per {@code interval}, the fleet spread evenly over it in slices, one slice
 * each round of a {@link BenchLoop} of {@code periodMs} (a 30 s interval in 100 ms rounds: 1/300 of the fleet a round).
 * Whether a device beats in a round is the bench's to say (a school without power, a device made silent), and what it
 * sent is told back. The caller flushes the producer after its round.
 */
final class SteadyFleet {
    /** Whether device {@code i} beats at {@code now}. */
    interface Gate {
        boolean beats(int i, long now);
    }

    /** Told after device {@code i}'s heartbeat stamped {@code at} is sent. */
    interface Sent {
        void sent(int i, long at);
    }

    private final BenchCluster c;
    private final IntFunction<Device> devices;
    private final int count;
    private final int slices;
    private final Gate gate;
    private final Sent sent;
    private long round;

    SteadyFleet(BenchCluster c, IntFunction<Device> devices, int count, Duration interval, long periodMs, Gate gate, Sent sent) {
        this.c = c;
        this.devices = devices;
        this.count = count;
        this.slices = (int) Math.max(1, interval.toMillis() / periodMs);
        this.gate = gate;
        this.sent = sent;
    }

    /** The devices of {@link Benchmark#device}, every one beating. */
    SteadyFleet(BenchCluster c, int count, Duration interval, long periodMs) {
        this(c, Benchmark::device, count, interval, periodMs, (i, now) -> true, (i, at) -> { });
    }

    /** This round's slice of the fleet beats, stamped {@code now}. */
    void beat(long now) {
        int slice = (int) (round++ % slices);
        for (int i = slice; i < count; i += slices) {
            if (gate.beats(i, now)) {
                Device d = devices.apply(i);
                c.send("device-heartbeats", d.getDeviceId(), Benchmark.heartbeat(d, now), now);
                sent.sent(i, now);
            }
        }
    }
}
