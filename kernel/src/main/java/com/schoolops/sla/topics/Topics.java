package com.schoolops.sla.topics;

import com.schoolops.sla.avro.ContractChange;
import com.schoolops.sla.avro.ContractHistory;
import com.schoolops.sla.avro.Device;
import com.schoolops.sla.avro.DeviceDay;
import com.schoolops.sla.avro.DeviceHealthChange;
import com.schoolops.sla.avro.DeviceHeartbeat;
import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.OpsAction;
import com.schoolops.sla.avro.ServiceVisit;
import com.schoolops.sla.avro.Site;
import com.schoolops.sla.avro.SiteOutage;
import com.schoolops.sla.avro.SiteSchedule;
import com.schoolops.sla.avro.SlaKpi;
import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.avro.TicketStatusChange;
import com.schoolops.sla.config.Settings;
import com.schoolops.sla.serde.ValueSerdes;
import org.apache.kafka.common.serialization.Serdes;

import java.util.List;

import static com.schoolops.sla.config.KernelSettings.*;

/**
 * The topic registry: the public topics of specification section 2 the engine reads or writes, named from config, with
 * their serdes. notify declares its own outputs ({@code com.schoolops.sla.notify.NotifyTopics}).
 */
public record Topics(
        TopicSpec<String, DeviceHeartbeat> heartbeats,
        TopicSpec<String, Device> registry,
        TopicSpec<String, TicketEvent> tickets,
        TopicSpec<String, SiteSchedule> calendar,
        TopicSpec<String, Site> sites,
        TopicSpec<String, ServiceVisit> visits,
        TopicSpec<String, DeviceHealthChange> health,
        TopicSpec<String, SiteOutage> outages,
        TopicSpec<String, Escalation> escalations,
        TopicSpec<String, TicketStatusChange> ticketStatus,
        TopicSpec<String, SlaKpi> kpis,
        TopicSpec<byte[], byte[]> deadLetters,
        TopicSpec<String, ContractChange> contracts,
        TopicSpec<String, ContractHistory> contractVersions,
        TopicSpec<String, OpsAction> audit,
        TopicSpec<String, DeviceDay> deviceDays) {

    public static Topics from(Settings settings, ValueSerdes serdes) {
        var key = Serdes.String();
        return new Topics(
                new TopicSpec<>(settings.get(TOPIC_HEARTBEATS), DeviceHeartbeat.class, key, serdes.serde(DeviceHeartbeat.class), false),
                new TopicSpec<>(settings.get(TOPIC_REGISTRY), Device.class, key, serdes.serde(Device.class), true),
                new TopicSpec<>(settings.get(TOPIC_TICKETS), TicketEvent.class, key, serdes.serde(TicketEvent.class), false),
                new TopicSpec<>(settings.get(TOPIC_CALENDAR), SiteSchedule.class, key, serdes.serde(SiteSchedule.class), true),
                new TopicSpec<>(settings.get(TOPIC_SITES), Site.class, key, serdes.serde(Site.class), true),
                new TopicSpec<>(settings.get(TOPIC_VISITS), ServiceVisit.class, key, serdes.serde(ServiceVisit.class), false),
                new TopicSpec<>(settings.get(TOPIC_HEALTH), DeviceHealthChange.class, key, serdes.serde(DeviceHealthChange.class), false),
                new TopicSpec<>(settings.get(TOPIC_OUTAGES), SiteOutage.class, key, serdes.serde(SiteOutage.class), false),
                new TopicSpec<>(settings.get(TOPIC_ESCALATIONS), Escalation.class, key, serdes.serde(Escalation.class), false),
                new TopicSpec<>(settings.get(TOPIC_TICKET_STATUS), TicketStatusChange.class, key, serdes.serde(TicketStatusChange.class), false),
                new TopicSpec<>(settings.get(TOPIC_KPIS), SlaKpi.class, key, serdes.serde(SlaKpi.class), false),
                new TopicSpec<>(settings.get(TOPIC_DEAD_LETTERS), byte[].class, Serdes.ByteArray(), Serdes.ByteArray(), false),
                new TopicSpec<>(settings.get(TOPIC_CONTRACTS), ContractChange.class, key, serdes.serde(ContractChange.class), true),
                new TopicSpec<>(settings.get(TOPIC_CONTRACT_VERSIONS), ContractHistory.class, key, serdes.serde(ContractHistory.class), true),
                new TopicSpec<>(settings.get(TOPIC_OPS_AUDIT), OpsAction.class, key, serdes.serde(OpsAction.class), false),
                new TopicSpec<>(settings.get(TOPIC_DEVICE_DAYS), DeviceDay.class, key, serdes.serde(DeviceDay.class), false));
    }

    /** The inputs of the devices' and tickets' stages: what the input watermark waits for. */
    public List<TopicSpec<String, ?>> inputs() {
        return List.of(heartbeats, registry, tickets, calendar, sites, visits);
    }

    /** Every topic a user writes: the inputs, and the contracts. */
    public List<TopicSpec<String, ?>> writable() {
        return List.of(heartbeats, registry, tickets, calendar, sites, visits, contracts);
    }

    /**
     * The outputs of specification section 2's table, and device-daily (section 11): what replay, tail and the demo
     * print. The ticket status changes are an output too ({@link #engineOutputs}), but they restate accepted input:
     * replay's format (section 6) leaves them out.
     */
    public List<TopicSpec<String, ?>> outputs() {
        return List.of(health, outages, escalations, kpis, deviceDays);
    }

    /** Every topic the engine writes its records to, for the schemas registered before it starts. */
    public List<TopicSpec<String, ?>> engineOutputs() {
        return List.of(health, outages, escalations, ticketStatus, kpis, deviceDays, contractVersions);
    }

    /** The spec of the topic called {@code name} (as configured), for tools that write or read by topic name. */
    public TopicSpec<?, ?> byName(String name) {
        return all().stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + name + "' is none of the application's topics"));
    }

    /** Every topic the application reads or writes, dead letters included. */
    public List<TopicSpec<?, ?>> all() {
        return List.of(heartbeats, registry, tickets, calendar, sites, visits, health, outages, escalations, ticketStatus, kpis, deadLetters,
                contracts, contractVersions, audit, deviceDays);
    }
}
