package com.schoolops.sla.app;

import com.schoolops.sla.config.KernelSettings;
import com.schoolops.sla.config.Settings;
import com.schoolops.sla.notify.NotifyTopics;
import com.schoolops.sla.topics.Topics;
import com.schoolops.sla.topics.TopicSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Creates and checks the application's topics on a cluster. */
public final class TopicAdmin implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TopicAdmin.class);
    private final Settings settings;
    private final Topics topics;
    private final Admin admin;
    private final String bootstrap;

    /** The topics of {@code run} (and, for the topics command, notify's outputs: one command makes every topic). */
    public TopicAdmin(AppConfig config) {
        this(config.settings(), config.topics());
    }

    public TopicAdmin(Settings settings, Topics topics) {
        this.settings = settings;
        this.topics = topics;
        Properties props = new Properties();
        props.putAll(settings.kafkaClientSettings());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "20000");
        this.bootstrap = props.getProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        this.admin = Admin.create(props);
    }

    /** Fails with a one-line message if the cluster cannot be reached (or refuses our credentials) within the timeout. */
    public void awaitCluster(Duration timeout) {
        try {
            admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ClusterUnavailableException("cannot reach Kafka at " + bootstrap + " within " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw new ClusterUnavailableException("cannot use Kafka at " + bootstrap + ": " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterUnavailableException("interrupted while connecting to Kafka at " + bootstrap);
        }
    }

    /** Creates every missing topic: inputs and outputs with the configured partitions, compacted where specification says so. */
    public List<String> createTopics() {
        int partitions = settings.getInt(KernelSettings.PARTITIONS);
        short replication = (short) settings.getInt(KernelSettings.REPLICATION_FACTOR);
        List<NewTopic> wanted = new ArrayList<>();
        Map<String, Boolean> compactedByName = new java.util.LinkedHashMap<>();
        topics.all().forEach(spec -> compactedByName.put(spec.name(), spec.compacted()));
        NotifyTopics.outputNames(settings).forEach(name -> compactedByName.put(name, false));
        for (Map.Entry<String, Boolean> spec : compactedByName.entrySet()) {
            NewTopic topic = new NewTopic(spec.getKey(), Optional.of(partitions), Optional.of(replication));
            Map<String, String> topicConfig = new HashMap<>();
            if (spec.getValue()) {
                topicConfig.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
            }
            wanted.add(topic.configs(topicConfig));
        }
        List<String> created = new ArrayList<>();
        for (NewTopic topic : wanted) {
            try {
                admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
                created.add(topic.name());
                log.info("Created topic {} ({} partitions{})", topic.name(), partitions,
                        topic.configs().isEmpty() ? "" : ", compacted");
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new ClusterUnavailableException("cannot create topic " + topic.name() + ": " + e.getCause().getMessage());
                }
            } catch (TimeoutException | InterruptedException e) {
                throw new ClusterUnavailableException("timed out creating topic " + topic.name());
            }
        }
        return created;
    }

    /**
     * Checks the inputs (the contracts too, and the versions every instance reads) exist and that device-heartbeats and device-registry have the same number of partitions:
     * the liveness stage keeps each device where both its heartbeats and its registration arrive.
     */
    public void checkInputs() {
        List<String> names = java.util.stream.Stream.concat(topics.writable().stream(), java.util.stream.Stream.of(topics.contractVersions()))
                .map(TopicSpec::name).toList();
        Map<String, TopicDescription> found = describeExisting(names, "input");
        int heartbeats = found.get(topics.heartbeats().name()).partitions().size();
        int registry = found.get(topics.registry().name()).partitions().size();
        if (heartbeats != registry) {
            throw new ClusterUnavailableException(topics.heartbeats().name() + " has " + heartbeats + " partitions but "
                    + topics.registry().name() + " has " + registry + "; both are keyed by deviceId and must have the same count");
        }
    }

    /** Checks that what {@code notify} reads and writes exists (the topics command makes it). */
    public void checkNotifyTopics(NotifyTopics notify) {
        describeExisting(notify.all().stream().map(TopicSpec::name).toList(), "notify's");
    }

    private Map<String, TopicDescription> describeExisting(List<String> names, String what) {
        Map<String, TopicDescription> found;
        try {
            Set<String> existing = admin.listTopics().names().get(20, TimeUnit.SECONDS);
            List<String> missing = names.stream().filter(n -> !existing.contains(n)).toList();
            if (!missing.isEmpty()) {
                refuseIfNotAuthorized(missing);
                throw new ClusterUnavailableException(what + " topic(s) " + missing + " do not exist on " + bootstrap
                        + "; create them with the topics command (java -jar sla-app.jar topics)");
            }
            found = admin.describeTopics(names).allTopicNames().get(20, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new ClusterUnavailableException("cannot describe the " + what + " topics on " + bootstrap + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterUnavailableException("interrupted");
        }
        return found;
    }

    /**
     * A topic this principal may not describe is left out of the topic list as if it did not exist: asking for it by
     * name tells the two apart, so a principal without its ACLs is told so rather than to create the topics.
     */
    private void refuseIfNotAuthorized(List<String> missing) throws InterruptedException, TimeoutException {
        try {
            admin.describeTopics(missing).allTopicNames().get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TopicAuthorizationException denied) {
                throw new ClusterUnavailableException("not authorized to use topic(s) " + new java.util.TreeSet<>(denied.unauthorizedTopics())
                        + " on " + bootstrap + " as this principal: grant it the ACLs of README, Least privilege on Kafka");
            }
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }

    /** The cluster is unreachable, refuses us, or lacks what we need; the message says which. */
    public static final class ClusterUnavailableException extends RuntimeException {
        public ClusterUnavailableException(String message) {
            super(message);
        }
    }
}
