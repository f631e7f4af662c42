package com.schoolops.sla.simulator;

import com.schoolops.sla.avro.AgentStatus;
import com.schoolops.sla.avro.Device;
import com.schoolops.sla.avro.DeviceHeartbeat;
import com.schoolops.sla.avro.DeviceType;
import com.schoolops.sla.avro.ServiceVisit;
import com.schoolops.sla.avro.Site;
import com.schoolops.sla.avro.TicketCategory;
import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.avro.TicketEventType;
import com.schoolops.sla.avro.VisitKind;
import com.schoolops.sla.avro.VisitMode;
import com.schoolops.sla.avro.VisitType;
import com.schoolops.sla.health.HealthPolicy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A simulated fleet of schools: per site a cloud server and a core switch (both critical), cloud terminals and
 * broadcast speakers behind the switch, and a door unit; devices send heartbeats at the configured intervals.
 * Faults come from a script (the demo) or at random rates (load tests); a service desk raises and works tickets.
 * Every school is on site-registry, accepted {@link #ACCEPTED_BEFORE_DAYS} days before the start, so the obligations of
 * its contract (inspections, return visits, …) run from the first minute; engineers' visits are written when asked.
 * Time is given by the caller, so the simulator runs as fast or as slow as it is stepped.
 */
public final class FleetSimulator {
    /** How many of what. */
    public record Shape(int sites, int terminalsPerSite, int speakersPerSite, String contractId) {
    }

    /** Random faults per device-hour and tickets per site-hour; zero for none. */
    public record Rates(double faultsPerDeviceHour, double ticketsPerSiteHour) {
        public static final Rates NONE = new Rates(0, 0);
    }

    private record Pending(long at, String narration, Runnable action) {
    }

    /** How long before the simulation's start its schools were accepted (验收): inside seed-004's one-year warranty. */
    public static final int ACCEPTED_BEFORE_DAYS = 200;

    private final FleetSink sink;
    private final String contractId;
    private final long acceptedAt;
    private final Rates rates;
    private final Random random;
    private final Consumer<String> narrator;
    private final Map<String, SimulatedDevice> devices = new LinkedHashMap<>();
    private final List<String> sites = new ArrayList<>();
    private final PriorityQueue<Pending> pending = new PriorityQueue<>(Comparator.comparingLong(Pending::at));
    private long lastStep = -1;
    private int ticketSeq = 1000;
    private long heartbeatsSent;

    public FleetSimulator(Shape shape, HealthPolicy health, Rates rates, long seed, long start, FleetSink sink, Consumer<String> narrator) {
        this.sink = sink;
        this.rates = rates;
        this.random = new Random(seed);
        this.narrator = narrator;
        this.contractId = shape.contractId();
        this.acceptedAt = start - ACCEPTED_BEFORE_DAYS * 86_400_000L;
        for (int s = 1; s <= shape.sites(); s++) {
            String site = "school-" + s;
            sites.add(site);
            String sw = "s" + s + "-switch";
            add(health, start, device(sw, DeviceType.SWITCH, site, null, shape.contractId(), true));
            add(health, start, device("s" + s + "-server", DeviceType.CLOUD_SERVER, site, sw, shape.contractId(), true));
            for (int t = 1; t <= shape.terminalsPerSite(); t++) {
                add(health, start, device(String.format("s%d-term-%02d", s, t), DeviceType.CLOUD_TERMINAL, site, sw, shape.contractId(), false));
            }
            for (int p = 1; p <= shape.speakersPerSite(); p++) {
                add(health, start, device("s" + s + "-speaker-" + p, DeviceType.BROADCAST_SPEAKER, site, sw, shape.contractId(), false));
            }
            add(health, start, device("s" + s + "-door", DeviceType.ACCESS_CONTROL, site, null, shape.contractId(), false));
        }
    }

    private void add(HealthPolicy health, long start, Device d) {
        var interval = health.intervals().get(d.getDeviceType());
        // Spread first heartbeats over one interval, as real agents are not synchronised.
        long first = start + (long) (random.nextDouble() * Math.min(interval.toMillis(), 2000));
        devices.put(d.getDeviceId(), new SimulatedDevice(d, interval, first));
    }

    private static Device device(String id, DeviceType type, String site, String parent, String contract, boolean critical) {
        return Device.newBuilder().setDeviceId(id).setDeviceType(type).setSiteId(site).setParentDeviceId(parent)
                .setContractId(contract).setWarrantyUntil(null).setCritical(critical).build();
    }

    public List<String> sites() {
        return List.copyOf(sites);
    }

    public int deviceCount() {
        return devices.size();
    }

    public long heartbeatsSent() {
        return heartbeatsSent;
    }

    /** Publishes every school to site-registry and every device to the registry. */
    public void registerAll(long now) {
        for (int s = 0; s < sites.size(); s++) {
            String site = sites.get(s);
            sink.send("sites", site, Site.newBuilder().setSiteId(site).setName("演示学校 " + (s + 1) + " (demo school " + (s + 1) + ")")
                    .setContractId(contractId).setAcceptedAt(acceptedAt).setInServiceAt(null).setCalendarId(null).setLanguage("zh")
                    .build(), now);
        }
        devices.values().forEach(d -> sink.send("registry", d.id(), d.device, now));
        sink.flush();
    }

    /** Schedules an action at an instant, told to the narrator when it happens. */
    public void at(long when, String narration, Runnable action) {
        pending.add(new Pending(when, narration, action));
    }

    // Faults ------------------------------------------------------------------------------------------------

    /** The switch and every device behind it fall silent for {@code durationMs}. */
    public void failSwitch(String switchId, long now, long durationMs) {
        silence(switchId, now, durationMs);
        devices.values().stream().filter(d -> switchId.equals(d.device.getParentDeviceId())).forEach(d -> silence(d.id(), now, durationMs));
    }

    public void silence(String deviceId, long now, long durationMs) {
        devices.get(deviceId).silentUntil = now + durationMs;
    }

    public void overheat(String deviceId, long now, long durationMs) {
        devices.get(deviceId).hotUntil = now + durationMs;
    }

    public void flap(String deviceId, long now, long durationMs) {
        devices.get(deviceId).flappingUntil = now + durationMs;
    }

    // Service desk -----------------------------------------------------------------------------------------

    /** Opens a ticket now and returns its id. */
    public String openTicket(String siteId, String deviceId, String severity, TicketCategory category, long now, String note) {
        String ticketId = "T-" + (++ticketSeq);
        ticket(ticketId, TicketEventType.OPENED, siteId, deviceId, severity, category, now, note);
        return ticketId;
    }

    public void ticket(String ticketId, TicketEventType type, String siteId, String deviceId, String severity,
                       TicketCategory category, long now, String note) {
        TicketEvent e = TicketEvent.newBuilder().setTicketId(ticketId).setType(type).setTimestamp(now).setSiteId(siteId)
                .setDeviceId(deviceId).setContractId(null).setSeverity(severity).setCategory(category)
                .setActor("service-desk").setSatisfaction(type == TicketEventType.CALLBACK_DONE ? 5 : null).setNote(note).build();
        sink.send("tickets", ticketId, e, now);
    }

    /** An engineer's visit done now (COMPLETED on service-visits), serving every obligation of its kind. */
    public void visitDone(String siteId, VisitKind kind, VisitMode mode, String engineer, long now, String note) {
        ServiceVisit v = ServiceVisit.newBuilder().setVisitId("V-" + new UUID(random.nextLong(), random.nextLong()).toString().substring(0, 8))
                .setSiteId(siteId).setKind(kind).setType(VisitType.COMPLETED).setMode(mode).setTimestamp(now)
                .setEngineers(List.of(engineer)).setActor("service-desk").setObligationIds(null).setFindings(null)
                .setSatisfaction(null).setNote(note).build();
        sink.send("visits", siteId, v, now);
    }

    // Time -------------------------------------------------------------------------------------------------

    /** Everything due up to {@code now}: scripted actions, random faults and tickets, heartbeats. */
    public void step(long now) {
        while (!pending.isEmpty() && pending.peek().at() <= now) {
            Pending p = pending.poll();
            if (p.narration() != null) {
                narrator.accept(p.narration());
            }
            p.action().run();
        }
        if (lastStep >= 0) {
            randomFaults(now, now - lastStep);
        }
        lastStep = now;
        for (SimulatedDevice d : devices.values()) {
            if (now < d.nextBeat) {
                continue;
            }
            d.nextBeat = Math.max(d.nextBeat + d.interval.toMillis(), now);
            if (now < d.silentUntil) {
                continue;
            }
            sink.send("heartbeats", d.id(), heartbeat(d, now), now);
            heartbeatsSent++;
        }
    }

    private DeviceHeartbeat heartbeat(SimulatedDevice d, long now) {
        d.beats++;
        boolean hot = now < d.hotUntil;
        AgentStatus status = now < d.flappingUntil ? (d.beats % 2 == 0 ? AgentStatus.FAULT : AgentStatus.OK) : AgentStatus.OK;
        return DeviceHeartbeat.newBuilder().setDeviceId(d.id()).setDeviceType(d.device.getDeviceType()).setSiteId(d.device.getSiteId())
                .setTimestamp(now).setStatus(status)
                .setCpuPct(hot ? 95 + random.nextDouble() * 4 : 10 + random.nextDouble() * 40)
                .setMemPct(30 + random.nextDouble() * 30)
                .setTemperatureC(hot ? 70 + random.nextDouble() * 5 : 38 + random.nextDouble() * 10)
                .setPacketLossPct(random.nextDouble() * 0.5)
                .setFirmware("v2.4.1").build();
    }

    private void randomFaults(long now, long elapsedMs) {
        double hours = elapsedMs / 3_600_000.0;
        if (rates.faultsPerDeviceHour() > 0) {
            double p = rates.faultsPerDeviceHour() * hours;
            for (SimulatedDevice d : devices.values()) {
                if (now >= d.silentUntil && random.nextDouble() < p) {
                    silence(d.id(), now, 60_000 + random.nextInt(240_000));
                }
            }
        }
        if (rates.ticketsPerSiteHour() > 0) {
            double p = rates.ticketsPerSiteHour() * hours;
            for (String site : sites) {
                if (random.nextDouble() < p) {
                    workRandomTicket(site, now);
                }
            }
        }
    }

    /** A ticket for a random device of the site, worked through its life with random delays. */
    private void workRandomTicket(String site, long now) {
        List<SimulatedDevice> atSite = devices.values().stream().filter(d -> d.device.getSiteId().equals(site)).toList();
        SimulatedDevice d = atSite.get(random.nextInt(atSite.size()));
        String[] severities = {"GENERAL", "GENERAL", "COMPLEX", "CONSULT", "MAJOR"};
        String severity = severities[random.nextInt(severities.length)];
        String id = openTicket(site, d.id(), severity, TicketCategory.HARDWARE, now, "reported by the school");
        long t = now;
        t += random.nextInt(20 * 60_000);
        scheduleTicket(t, id, TicketEventType.ACKNOWLEDGED, site, d.id());
        t += random.nextInt(90 * 60_000);
        scheduleTicket(t, id, TicketEventType.RESOLVED, site, d.id());
        t += random.nextInt(60 * 60_000);
        scheduleTicket(t, id, TicketEventType.CLOSED, site, d.id());
    }

    private void scheduleTicket(long when, String id, TicketEventType type, String site, String device) {
        at(when, null, () -> ticket(id, type, site, device, null, null, when, null));
    }
}
