package com.schoolops.sla.app;

import com.schoolops.sla.notify.NotifyConfig;
import com.schoolops.sla.avro.DeviceType;
import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.HealthState;
import com.schoolops.sla.config.Settings;
import com.schoolops.sla.embedded.EmbeddedKafka;
import com.schoolops.sla.serde.InMemorySchemaRegistry;
import com.schoolops.sla.serde.ValueSerdes;
import com.schoolops.sla.testing.Fleet;
import com.schoolops.sla.notify.NotifyApplication;
import com.schoolops.sla.notify.routes.RoutesFile;
import com.schoolops.sla.testing.MainRunner;
import com.schoolops.sla.testing.RecordingReceiver;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 24 #3: a broker with an ACL authorizer (StandardAuthorizer on KRaft, SASL/PLAIN users). The application runs
 * as a principal granted exactly the ACLs the README lists for `run` (README, Least privilege on Kafka) and judges a
 * device; a principal without them is refused with one clear line, not a hang. `notify` (issue 25), with exactly its
 * row, plans and delivers a breach.
 */
class LeastPrivilegeIntegrationTest {
    static final String APP = "sla-acl";
    static final List<String> READS = List.of("device-heartbeats", "device-registry", "fault-tickets", "site-calendar", "site-registry", "service-visits", "sla-contracts",
            "sla-contract-versions");
    static final List<String> WRITES = List.of("device-health", "site-outages", "sla-escalations", "ticket-status", "sla-kpis", "device-daily", "dead-letters",
            "sla-contract-versions", "sla-contracts");

    /** The ACLs of `run`, as the README lists them. */
    static List<AclBinding> runAcls(String principal) {
        List<AclBinding> acls = new ArrayList<>();
        for (String t : READS) {
            acls.add(allow(ResourceType.TOPIC, t, PatternType.LITERAL, principal, AclOperation.READ));
            acls.add(allow(ResourceType.TOPIC, t, PatternType.LITERAL, principal, AclOperation.DESCRIBE));
        }
        for (String t : WRITES) {
            acls.add(allow(ResourceType.TOPIC, t, PatternType.LITERAL, principal, AclOperation.WRITE));
            acls.add(allow(ResourceType.TOPIC, t, PatternType.LITERAL, principal, AclOperation.DESCRIBE));
        }
        acls.add(allow(ResourceType.TOPIC, APP, PatternType.PREFIXED, principal, AclOperation.ALL));
        acls.add(allow(ResourceType.GROUP, APP, PatternType.PREFIXED, principal, AclOperation.ALL));
        acls.add(allow(ResourceType.TRANSACTIONAL_ID, APP, PatternType.PREFIXED, principal, AclOperation.WRITE));
        acls.add(allow(ResourceType.TRANSACTIONAL_ID, APP, PatternType.PREFIXED, principal, AclOperation.DESCRIBE));
        return acls;
    }

    static AclBinding allow(ResourceType type, String name, PatternType pattern, String principal, AclOperation op) {
        return new AclBinding(new ResourcePattern(type, name, pattern), new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW));
    }

    static Path properties(Path dir, String name, String bootstrap, String user) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, String.join("\n",
                "application.id=" + APP,
                "kafka.bootstrap.servers=" + bootstrap,
                "kafka.security.protocol=SASL_PLAINTEXT",
                "kafka.sasl.mechanism=PLAIN",
                "kafka.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user
                        + "\" password=\"" + user + "-secret\";",
                "state.dir=" + dir.resolve("state-" + user),
                "replication.factor=1", "num.standby.replicas=0", "topics.partitions=1", "startup.timeout=20s",
                "health.check-interval=200ms", "http.port=-1", ""));
        return file;
    }

    /** The ACLs of `notify`, as the README lists them. */
    static List<AclBinding> notifyAcls(String principal) {
        List<AclBinding> acls = new ArrayList<>();
        for (String t : List.of("sla-escalations", "site-outages", "ticket-status", "sla-notifications")) {
            acls.add(allow(ResourceType.TOPIC, t, PatternType.LITERAL, principal, AclOperation.READ));
            acls.add(allow(ResourceType.TOPIC, t, PatternType.LITERAL, principal, AclOperation.DESCRIBE));
        }
        for (String t : List.of("sla-notifications", "notification-deliveries", "dead-letters")) {
            acls.add(allow(ResourceType.TOPIC, t, PatternType.LITERAL, principal, AclOperation.WRITE));
            acls.add(allow(ResourceType.TOPIC, t, PatternType.LITERAL, principal, AclOperation.DESCRIBE));
        }
        String prefix = APP + "-notify";
        acls.add(allow(ResourceType.TOPIC, prefix, PatternType.PREFIXED, principal, AclOperation.ALL));
        acls.add(allow(ResourceType.GROUP, prefix, PatternType.PREFIXED, principal, AclOperation.ALL));
        acls.add(allow(ResourceType.TRANSACTIONAL_ID, prefix, PatternType.PREFIXED, principal, AclOperation.WRITE));
        acls.add(allow(ResourceType.TRANSACTIONAL_ID, prefix, PatternType.PREFIXED, principal, AclOperation.DESCRIBE));
        return acls;
    }

    /** A broker with StandardAuthorizer; SASL/PLAIN users admin, sla, notifier and intruder (password: name-secret). */
    static EmbeddedKafka securedBroker() {
        Map<String, String> broker = Map.of(
                "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "super.users", "User:ANONYMOUS;User:admin", // the broker's own PLAINTEXT and controller listeners, and the admin
                "sasl.enabled.mechanisms", "PLAIN",
                "listener.name.sasl_plaintext.plain.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required "
                        + "username=\"admin\" password=\"admin-secret\" user_admin=\"admin-secret\" user_sla=\"sla-secret\" "
                        + "user_notifier=\"notifier-secret\" user_intruder=\"intruder-secret\";");
        return EmbeddedKafka.start(null, 0, Map.of("SASL_PLAINTEXT", "SASL_PLAINTEXT"), broker);
    }

    /** The topics made by the admin, and {@code acls} granted. */
    static void topicsAndAcls(EmbeddedKafka kafka, Path dir, List<AclBinding> acls) throws Exception {
        String sasl = kafka.bootstrapServers("SASL_PLAINTEXT");
        assertEquals(0, MainRunner.run("topics", "--config", properties(dir, "admin.properties", sasl, "admin").toString()).code());
        Properties adminProps = new Properties();
        adminProps.put("bootstrap.servers", kafka.bootstrapServers());
        try (Admin admin = Admin.create(adminProps)) {
            admin.createAcls(acls).all().get();
        }
    }

    @Test
    void notifyWorksWithExactlyTheDocumentedAcls(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = securedBroker(); RecordingReceiver receiver = new RecordingReceiver()) {
            String sasl = kafka.bootstrapServers("SASL_PLAINTEXT");
            topicsAndAcls(kafka, dir, notifyAcls("User:notifier"));
            Settings settings = Settings.load(NotifyConfig.CATALOGUE, properties(dir, "notify.properties", sasl, "notifier"), Map.of(),
                    Map.of("notify.http.port", "-1"));
            NotifyConfig config = NotifyConfig.from(settings, ValueSerdes.registry(InMemorySchemaRegistry.withKnownSchemas()));
            try (TopicAdmin admin = new TopicAdmin(settings, config.topics().published())) {
                admin.checkNotifyTopics(config.topics());
            }
            var routes = RoutesFile.parse("receivers: [{name: desk, webhook: {url: \"" + receiver.url("/desk") + "\"}}]\nroutes: [{receivers: [desk]}]\n", Map.of());
            try (NotifyApplication notify = new NotifyApplication(config, routes, InstantSource.system()).start()) {
                Escalation breach = Escalation.newBuilder().setEscalationId("acl-b-1").setType(EscalationType.SLA_BREACH).setTier(1)
                        .setSiteId("acl-school").setTicketId("acl-t-1").setAt(System.currentTimeMillis()).setMessage("breach").build();
                Properties p = new Properties();
                p.put("bootstrap.servers", kafka.bootstrapServers());
                try (var producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
                    producer.send(new ProducerRecord<>("sla-escalations", "acl-t-1",
                            config.topics().published().escalations().valueSerde().serializer().serialize("sla-escalations", breach))).get();
                }
                long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                while (receiver.received("/desk").isEmpty()) {
                    assertTrue(System.nanoTime() < end, "notify delivered nothing as a principal with its documented ACLs");
                    Thread.sleep(100); // polling an outside effect
                }
                assertEquals("acl-b-1", receiver.received("/desk").get(0).idempotencyKey());
            }
        }
    }

    @Test
    void runWorksWithExactlyTheDocumentedAclsAndAPrincipalWithoutThemIsRefusedClearly(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = securedBroker()) {
            String sasl = kafka.bootstrapServers("SASL_PLAINTEXT");
            topicsAndAcls(kafka, dir, runAcls("User:sla"));

            // A principal with no ACL: one line and exit 1, within seconds.
            long t = System.nanoTime();
            MainRunner.Result refused = MainRunner.run("run", "--config", properties(dir, "intruder.properties", sasl, "intruder").toString());
            assertEquals(1, refused.code(), refused.err());
            assertEquals(1, refused.err().lines().count(), refused.err());
            assertTrue(refused.err().contains("not authorized"), refused.err());
            assertTrue(System.nanoTime() - t < Duration.ofSeconds(60).toNanos(), "refused, not hung");

            // Exactly the documented ACLs: the application runs and judges a switch.
            Settings settings = Settings.load(properties(dir, "app.properties", sasl, "sla"), Map.of(), Map.of());
            AppConfig config = AppConfig.from(settings, ValueSerdes.registry(InMemorySchemaRegistry.withKnownSchemas()));
            new TopicAdmin(config).checkInputs();
            try (SlaApplication app = new SlaApplication(config).start()) {
                app.awaitRunning(Duration.ofSeconds(60));
                var sw = Fleet.device("acl-sw", DeviceType.SWITCH).at("acl-school").critical().build();
                Properties p = new Properties();
                p.put("bootstrap.servers", kafka.bootstrapServers());
                try (var producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
                    producer.send(new ProducerRecord<>("device-heartbeats", "acl-sw",
                            config.topics().heartbeats().valueSerde().serializer().serialize("device-heartbeats", Fleet.heartbeat(sw, Instant.now())))).get();
                }
                assertEquals(HealthState.UP, SecuredClusterIntegrationTest.firstHealthChange(kafka.bootstrapServers(), config).getState());
            }
        }
    }
}
