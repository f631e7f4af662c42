package com.schoolops.sla.app;

import com.schoolops.sla.avro.DeviceHealthChange;
import com.schoolops.sla.avro.DeviceType;
import com.schoolops.sla.avro.HealthState;
import com.schoolops.sla.config.Settings;
import com.schoolops.sla.embedded.EmbeddedKafka;
import com.schoolops.sla.serde.InMemorySchemaRegistry;
import com.schoolops.sla.serde.ValueSerdes;
import com.schoolops.sla.testing.Fleet;
import com.schoolops.sla.testing.MainRunner;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** The application against a broker that only speaks SASL_SSL to it, configured from a properties file. */
class SecuredClusterIntegrationTest {
    static final String PASSWORD = "changeit";

    static void keytool(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool " + String.join(" ", args) + ": " + out);
    }

    /** A broker certificate for localhost and a truststore that trusts it, made here with the JDK's keytool. */
    static void makeCertificates(Path dir) throws Exception {
        keytool(dir, "-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-keystore", "broker.p12", "-storetype", "PKCS12",
                "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool(dir, "-exportcert", "-alias", "broker", "-keystore", "broker.p12", "-storepass", PASSWORD, "-file", "broker.crt");
        keytool(dir, "-importcert", "-noprompt", "-alias", "broker", "-file", "broker.crt", "-keystore", "truststore.p12",
                "-storetype", "PKCS12", "-storepass", PASSWORD);
    }

    static Path properties(Path dir, String name, String bootstrap, String password) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, String.join("\n",
                "application.id=sla-secured",
                "kafka.bootstrap.servers=" + bootstrap,
                "kafka.security.protocol=SASL_SSL",
                "kafka.sasl.mechanism=PLAIN",
                "kafka.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"sla\" password=\"" + password + "\";",
                "kafka.ssl.truststore.location=" + dir.resolve("truststore.p12"),
                "kafka.ssl.truststore.password=" + PASSWORD,
                "kafka.ssl.truststore.type=PKCS12",
                "state.dir=" + dir.resolve("state"),
                "replication.factor=1",
                "num.standby.replicas=0",
                "topics.partitions=1",
                "startup.timeout=20s",
                "health.check-interval=200ms",
                "") );
        return file;
    }

    @Test
    void theApplicationWorksOverSaslSslAndAWrongPasswordIsAClearError(@TempDir Path dir) throws Exception {
        makeCertificates(dir);
        Map<String, String> broker = Map.of(
                "sasl.enabled.mechanisms", "PLAIN",
                "listener.name.sasl_ssl.plain.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required "
                        + "username=\"admin\" password=\"admin-secret\" user_admin=\"admin-secret\" user_sla=\"sla-secret\";",
                "listener.name.sasl_ssl.ssl.keystore.location", dir.resolve("broker.p12").toString(),
                "listener.name.sasl_ssl.ssl.keystore.password", PASSWORD,
                "listener.name.sasl_ssl.ssl.key.password", PASSWORD,
                "listener.name.sasl_ssl.ssl.keystore.type", "PKCS12");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(null, 0, Map.of("SASL_SSL", "SASL_SSL"), broker)) {
            String secured = kafka.bootstrapServers("SASL_SSL");

            // A wrong password: one line, exit code 1, before anything starts.
            MainRunner.Result refused = MainRunner.run("topics", "--config", properties(dir, "wrong.properties", secured, "not-the-password").toString());
            assertEquals(1, refused.code());
            assertEquals(1, refused.err().lines().count(), refused.err());
            assertTrue(refused.err().startsWith("error: topics: cannot use Kafka at " + secured + ": "), refused.err());
            assertTrue(refused.err().toLowerCase().contains("authentication failed"), refused.err());

            // The right one: topics made and the application processing, all over SASL_SSL.
            Path good = properties(dir, "app.properties", secured, "sla-secret");
            assertEquals(0, MainRunner.run("topics", "--config", good.toString()).code());
            Settings settings = Settings.load(good, Map.of(), Map.of());
            AppConfig config = AppConfig.from(settings, ValueSerdes.registry(InMemorySchemaRegistry.withKnownSchemas()));
            try (SlaApplication app = new SlaApplication(config).start()) {
                app.awaitRunning(Duration.ofSeconds(60));
                var sw = Fleet.device("sec-sw", DeviceType.SWITCH).at("sec-school").critical().build();
                Properties p = new Properties();
                p.put("bootstrap.servers", kafka.bootstrapServers());
                try (var producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
                    producer.send(new ProducerRecord<>("device-heartbeats", "sec-sw",
                            config.topics().heartbeats().valueSerde().serializer().serialize("device-heartbeats", Fleet.heartbeat(sw, Instant.now())))).get();
                }
                assertEquals(HealthState.UP, firstHealthChange(kafka.bootstrapServers(), config).getState());
            }
        }
    }

    static DeviceHealthChange firstHealthChange(String bootstrap, AppConfig config) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (var consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            var tp = new TopicPartition("device-health", 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < end) {
                for (var r : consumer.poll(Duration.ofMillis(200))) {
                    return config.topics().health().valueSerde().deserializer().deserialize("device-health", r.value());
                }
            }
        }
        throw new AssertionError("no device-health record within 60 s");
    }
}
