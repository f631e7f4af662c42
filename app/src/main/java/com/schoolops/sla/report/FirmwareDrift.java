package com.schoolops.sla.report;

import com.schoolops.sla.avro.DeviceType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Firmware drift of one device type at a site (SPEC section 11): each device's newest firmware against the contract's
 * {@code firmwareTargets} for the type, or, where the contract names none, against the majority of the type's devices in
 * the record (a tie goes to the newer version). A device that never reported a firmware is neither on it nor off it.
 *
 * @param reference the version judged against; null when no device of the type reported one and no target is set
 * @param behind    devices on an older version than the reference, by id
 * @param ahead     devices on a newer or other version
 * @param unknown   devices that reported no firmware
 */
public record FirmwareDrift(DeviceType type, String reference, Source source, List<String> onReference, Map<String, String> behind,
                            Map<String, String> ahead, List<String> unknown) {
    public enum Source { TARGET, MAJORITY }

    public boolean drifts() {
        return !behind.isEmpty() || !ahead.isEmpty();
    }

    /** The drift of every type among {@code devices}, in type order. */
    public static List<FirmwareDrift> of(List<DeviceInspection> devices, Map<DeviceType, String> targets) {
        Map<DeviceType, List<DeviceInspection>> byType = new TreeMap<>();
        devices.forEach(d -> byType.computeIfAbsent(d.type(), t -> new ArrayList<>()).add(d));
        List<FirmwareDrift> drift = new ArrayList<>();
        byType.forEach((type, ofType) -> drift.add(of(type, ofType, targets.get(type))));
        return drift;
    }

    private static FirmwareDrift of(DeviceType type, List<DeviceInspection> devices, String target) {
        String reference = target != null ? target : majority(devices);
        List<String> on = new ArrayList<>();
        Map<String, String> behind = new TreeMap<>();
        Map<String, String> ahead = new TreeMap<>();
        List<String> unknown = new ArrayList<>();
        for (DeviceInspection d : devices.stream().sorted(Comparator.comparing(DeviceInspection::deviceId)).toList()) {
            if (d.firmware() == null) {
                unknown.add(d.deviceId());
            } else if (d.firmware().equals(reference)) {
                on.add(d.deviceId());
            } else if (FirmwareOrder.INSTANCE.compare(d.firmware(), reference) < 0) {
                behind.put(d.deviceId(), d.firmware());
            } else {
                ahead.put(d.deviceId(), d.firmware());
            }
        }
        return new FirmwareDrift(type, reference, target != null ? Source.TARGET : Source.MAJORITY, on, behind, ahead, unknown);
    }

    /** The version most devices run; of equally many, the newest. */
    private static String majority(List<DeviceInspection> devices) {
        Map<String, Integer> counts = new TreeMap<>();
        devices.stream().filter(d -> d.firmware() != null).forEach(d -> counts.merge(d.firmware(), 1, Integer::sum));
        return counts.entrySet().stream()
                .max(Comparator.<Map.Entry<String, Integer>>comparingInt(Map.Entry::getValue)
                        .thenComparing(Map.Entry::getKey, FirmwareOrder.INSTANCE))
                .map(Map.Entry::getKey).orElse(null);
    }
}
