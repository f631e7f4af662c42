package com.schoolops.sla.app;

import com.schoolops.sla.config.KernelSettings;
import com.schoolops.sla.avro.ContractChange;
import com.schoolops.sla.policy.Policies;
import com.schoolops.sla.topics.TopicSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes the policies file's contracts and calendars to {@code sla-contracts} at start, so the bundled file and
 * {@code sla.policies} seed the topic with no step of the user's. A document the id already had as a version is no
 * change (the contract router drops it), so every instance may seed at every start without undoing a change made on
 * the topic; a file changed between two starts becomes a new version from the moment it is read, and the tickets
 * already open keep theirs.
 */
public final class ContractSeeder {
    private static final Logger log = LoggerFactory.getLogger(ContractSeeder.class);

    private ContractSeeder() {
    }

    public static void seed(AppConfig config) {
        TopicSpec<String, ContractChange> topic = config.topics().contracts();
        Properties props = KafkaClients.idempotentProducer(config.settings().kafkaClientSettings());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, config.settings().get(com.schoolops.sla.config.KernelSettings.APPLICATION_ID) + "-contract-seeder");
        String source = config.settings().optional(com.schoolops.sla.config.ConfigCatalogue.SLA_POLICIES)
                .map(f -> "the policies file " + f).orElse("the bundled policies");
        int sent = 0;
        try (KafkaProducer<String, ContractChange> producer = new KafkaProducer<>(props, new StringSerializer(), topic.valueSerde().serializer())) {
            for (Policies.Document d : config.policies().documents()) {
                ContractChange change = ContractChange.newBuilder().setId(d.id()).setKind(d.kind()).setEffectiveFrom(null)
                        .setDocument(d.json().toString()).setActor("run").setNote(source).setFromPoliciesFile(true).build();
                producer.send(new ProducerRecord<>(topic.name(), d.id(), change)).get(2, TimeUnit.MINUTES);
                sent++;
            }
            log.info("Seeded {} with {} contracts and calendars from {} (an unchanged one is no new version)", topic.name(), sent, source);
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Could not seed {} from {} ({}): the versions already accepted stay in force; a change to the file takes effect once "
                    + "an instance seeds it at its next start", topic.name(), source, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
