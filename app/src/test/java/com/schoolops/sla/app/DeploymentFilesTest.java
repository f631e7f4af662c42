package com.schoolops.sla.app;

import com.schoolops.sla.config.SettingsCatalogue;
import com.schoolops.sla.config.Setting;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/** docker-compose.yml and README.md must speak of the settings the application really reads. */
class DeploymentFilesTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    static String read(String file) throws Exception {
        return Files.readString(ROOT.resolve(file));
    }

    @Test
    void everySlaVariableInDockerComposeIsAKeyTheApplicationReads() throws Exception {
        Matcher m = Pattern.compile("(?m)^\\s+(SLA_[A-Z0-9_]+):").matcher(read("docker-compose.yml"));
        List<String> unknown = new ArrayList<>();
        int count = 0;
        while (m.find()) {
            count++;
            String env = m.group(1);
            boolean known = env.startsWith("SLA_KAFKA_") || SettingsCatalogue.everything().settings().stream().anyMatch(s -> s.envName().equals(env));
            if (!known) {
                unknown.add(env);
            }
        }
        assertTrue(count >= 5, "the compose file sets the application's settings");
        assertEquals(List.of(), unknown, "variables no configuration key answers to");
    }

    @Test
    void theImagesAreBuiltFromEveryModuleAndEachServiceRunsACommandItsImageHas() throws Exception {
        String dockerfile = read("Dockerfile");
        Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(read("pom.xml"));
        while (module.find()) {
            assertTrue(dockerfile.contains("COPY " + module.group(1) + " ") || dockerfile.contains("COPY " + module.group(1) + "/pom.xml"),
                    "the Docker build sees module " + module.group(1));
        }
        assertTrue(dockerfile.contains(" AS tools\n"), "a tools stage");
        assertEquals(dockerfile.lastIndexOf("FROM "), dockerfile.indexOf("FROM eclipse-temurin:17-jre AS app"), "the production stage is last: the default");
        assertTrue(dockerfile.contains("/src/app/target/sla-app.jar") && dockerfile.contains("/src/topology/target/sla-processor.jar"));
        // Each service: the image target it builds, and the command it runs.
        Matcher service = Pattern.compile("(?m)^  ([a-z-]+):\\n    build: \\{context: \\., target: (\\w+)}\\n(?:.*\\n)*?    command: \\[\"(\\w+)\"")
                .matcher(read("docker-compose.yml"));
        int services = 0;
        while (service.find()) {
            services++;
            boolean production = List.of("run", "notify", "topics").contains(service.group(3));
            assertEquals(production ? "app" : "tools", service.group(2), service.group(1) + " runs '" + service.group(3) + "'");
        }
        assertEquals(5, services, "topics, app, notify, simulator and tail");
    }

    @Test
    void theComposeBrokerIsTheKafkaVersionTheBuildPins() throws Exception {
        Matcher version = Pattern.compile("<kafka.version>([^<]+)</kafka.version>").matcher(read("pom.xml"));
        assertTrue(version.find());
        assertTrue(read("docker-compose.yml").contains("image: apache/kafka:" + version.group(1)));
    }

    @Test
    void theReadmeDocumentsEveryConfigurationKeyAndItsEnvironmentVariable() throws Exception {
        String readme = read("README.md");
        List<String> missing = new ArrayList<>();
        for (Setting s : SettingsCatalogue.everything().settings()) {
            if (!readme.contains("`" + s.key() + "`") || !readme.contains("`" + s.envName() + "`")) {
                missing.add(s.key());
            }
        }
        assertEquals(List.of(), missing, "README's configuration reference is missing these keys");
    }

    @Test
    void ciRunsTheReadmesTestCommand() throws Exception {
        Matcher m = Pattern.compile("(?m)^mvn .*verify.*$").matcher(read(".ci/run"));
        assertTrue(m.find(), ".ci/run runs a Maven verify");
        assertTrue(read("README.md").contains(m.group()), "README shows the same command: " + m.group());
    }
}
