package com.schoolops.sla.app;

import com.schoolops.sla.config.KernelSettings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Wipes what the application derived, on purpose: its internal topics (changelogs, repartitions), its group's
 * committed offsets, and this machine's local state. What Kafka's streams reset tool and bakdata's clean-up runner
 * do: the next start reads every input from the beginning and rebuilds every store. Inputs and outputs are kept.
 */
public final class ApplicationReset implements AutoCloseable {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    /** What a reset would delete. {@code groupMembers} above 0: instances still run, and nothing may be deleted. */
    public record Plan(String applicationId, List<String> internalTopics, boolean groupExists, int groupMembers, Path localState) {
        public boolean blocked() {
            return groupMembers > 0;
        }
    }

    private final Admin admin;
    private final String applicationId;
    private final Path localState;

    public ApplicationReset(AppConfig config) {
        Properties props = new Properties();
        props.putAll(config.settings().kafkaClientSettings());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(CALL_TIMEOUT.toMillis()));
        this.admin = Admin.create(props);
        this.applicationId = config.settings().get(KernelSettings.APPLICATION_ID);
        this.localState = Path.of(config.streamsProperties().getProperty("state.dir")).resolve(applicationId);
    }

    public Plan plan() throws Exception {
        List<String> internal = admin.listTopics().names().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).stream()
                .filter(t -> t.startsWith(applicationId + "-") && (t.endsWith("-changelog") || t.endsWith("-repartition")))
                .sorted().toList();
        boolean exists = true;
        int members = 0;
        try {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(applicationId)).all()
                    .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(applicationId);
            members = group.members().size();
            exists = !group.groupState().toString().equals("DEAD");
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                throw e;
            }
            exists = false;
        }
        return new Plan(applicationId, internal, exists, members, localState);
    }

    /** Deletes what {@code plan} lists; refuses while instances of the application still run. */
    public void execute(Plan plan) throws Exception {
        if (plan.blocked()) {
            throw new IllegalStateException(plan.groupMembers() + " instance(s) of " + applicationId + " still run: stop every one first");
        }
        if (!plan.internalTopics().isEmpty()) {
            admin.deleteTopics(plan.internalTopics()).all().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        if (plan.groupExists()) {
            admin.deleteConsumerGroups(List.of(applicationId)).all().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        deleteTree(plan.localState());
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the local state in " + dir, e);
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
