package io.connectops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * docker-compose.yml cannot be run here (no Docker engine), so it is kept correct by construction: every service is
 * built from its own Dockerfile into the image name the k8s manifests use, reads only variables the service knows,
 * and points them at the infrastructure containers of the same file.
 */
class ComposeFileTest {

    private static final List<String> SERVICES = Repo.SERVICES;

    private final Map<String, Object> compose = Repo.yamlMap(Repo.path("docker-compose.yml"));

    @Test
    void runsTheInfrastructureAndEveryService() {
        assertThat(services().keySet())
                .containsAll(SERVICES)
                .contains("kafka", "kafka-init", "postgres", "keycloak", "prometheus", "grafana");
    }

    @ParameterizedTest
    @FieldSource("SERVICES")
    void buildsTheServiceImageFromItsDockerfile(String service) {
        Map<String, Object> definition = service(service);

        assertThat(Node.string(definition, "image")).isEqualTo(Repo.image(service));
        Path context = Repo.root().resolve(Node.string(definition, "build", "context")).normalize();
        assertThat(context).isEqualTo(Repo.path(service));
        Path dockerfile = context.resolve(Node.string(definition, "build", "dockerfile"));
        assertThat(dockerfile).isEqualTo(Repo.dockerfile(service)).exists();

        String instructions = Repo.read(dockerfile);
        assertThat(instructions)
                .contains("COPY --chown=185 target/quarkus-app/lib/ /deployments/lib/")
                .contains("/deployments/quarkus-run.jar")
                .contains("EXPOSE " + Repo.httpPort(service))
                .containsPattern("RUN java .*-XX:ArchiveClassesAtExit=" + Repo.IMAGE_CLASS_ARCHIVE
                        + " -Dquarkus.appcds.generate=true -jar /deployments/quarkus-run.jar");
        assertThat(Node.list(definition, "ports")).contains(Repo.httpPort(service) + ":" + Repo.httpPort(service));
    }

    @ParameterizedTest
    @FieldSource("SERVICES")
    void runsTheServiceWithTheJvmSettingsOfTheLocalPlatformAndTheClassArchiveOfItsImage(String service) {
        assertThat(Node.string(service(service), "environment", "JAVA_OPTS_APPEND")).isEqualTo(Repo.imageJavaOptions())
                .contains("-XX:SharedArchiveFile=" + Repo.IMAGE_CLASS_ARCHIVE, "-XX:ArchiveRelocationMode=0");
    }

    @ParameterizedTest
    @FieldSource("SERVICES")
    void setsOnlyVariablesTheServiceReads(String service) {
        Map<String, Object> environment = Node.map(service(service), "environment");

        assertThat(environment.keySet())
                .isNotEmpty()
                .isSubsetOf(ConfigVariables.readBy(service))
                .contains("CONNECTOPS_DATABASE_URL", "CONNECTOPS_DB_USER", "CONNECTOPS_DB_PASSWORD", "KAFKA_BOOTSTRAP_SERVERS",
                        "QUARKUS_OIDC_AUTH_SERVER_URL", "QUARKUS_OIDC_CLIENT_ID", "CONNECTOPS_KAFKA_TOPICS_PROVISION");
    }

    @ParameterizedTest
    @FieldSource("SERVICES")
    void pointsTheServiceAtTheInfrastructureOfThisFile(String service) {
        Map<String, Object> environment = Node.map(service(service), "environment");

        URI database = URI.create(Node.string(environment, "CONNECTOPS_DATABASE_URL").replaceFirst("^jdbc:", ""));
        assertThat(database.getScheme()).isEqualTo("postgresql");
        assertThat(services()).containsKey(database.getHost());
        assertThat(database.getQuery()).as("each service sets its own schema as a driver property")
                .satisfiesAnyOf(query -> assertThat(query).isNull(),
                        query -> assertThat(query).doesNotContain("currentSchema"));
        assertThat(database.getPath()).isEqualTo("/connectops");

        String kafka = Node.string(environment, "KAFKA_BOOTSTRAP_SERVERS");
        assertThat(Node.string(compose, "services", "kafka", "environment", "KAFKA_ADVERTISED_LISTENERS")).contains("//" + kafka);

        URI oidc = URI.create(Node.string(environment, "QUARKUS_OIDC_AUTH_SERVER_URL"));
        assertThat(services()).containsKey(oidc.getHost());
        assertThat(Node.list(compose, "services", oidc.getHost(), "command")).contains("--http-port=" + oidc.getPort());
        assertThat(oidc.getPath()).isEqualTo("/realms/" + Node.string(Repo.yamlMap(realmFile()), "realm"));

        // The containers create no topics of their own: kafka-init does, before they start.
        assertThat(Node.string(environment, "CONNECTOPS_KAFKA_TOPICS_PROVISION")).isEqualTo("false");
        assertThat(Node.map(service(service), "depends_on"))
                .containsEntry("kafka-init", Map.of("condition", "service_completed_successfully"))
                .containsKeys("postgres", "keycloak");
    }

    @Test
    void createsEveryTopicAndItsDeadLetterTwinBeforeTheServicesStart() {
        String script = String.join("\n", Node.list(compose, "services", "kafka-init", "command").stream()
                .map(String::valueOf).collect(Collectors.toList()));

        Set<String> topics = Repo.eventTopics();
        assertThat(topics).hasSize(9).contains("ops.commands.v1");
        for (String topic : topics) {
            assertThat(script).contains(" " + topic);
        }
        assertThat(script).contains("--topic \"$$topic\" --partitions 6").contains("--topic \"$$topic.dlq\" --partitions 1");
        assertThat(Node.string(compose, "services", "kafka", "environment", "KAFKA_AUTO_CREATE_TOPICS_ENABLE")).isEqualTo("false");
    }

    @Test
    void createsTheDatabaseRoleTheServicesLogInWith() {
        Map<String, Object> postgres = Node.map(compose, "services", "postgres");
        Map<String, Object> serviceEnvironment = Node.map(service("alerting"), "environment");

        assertThat(Node.string(postgres, "environment", "CONNECTOPS_DB_USER")).isEqualTo(serviceEnvironment.get("CONNECTOPS_DB_USER"));
        assertThat(Node.string(postgres, "environment", "CONNECTOPS_DB_PASSWORD"))
                .isEqualTo(serviceEnvironment.get("CONNECTOPS_DB_PASSWORD"));
        String init = Repo.read(Repo.path("deploy", "postgres", "10-connectops.sh"));
        assertThat(init).contains("CREATE ROLE :\"db_user\" LOGIN").contains("CREATE DATABASE connectops OWNER :\"db_user\"");
    }

    @Test
    void waitsOnlyForConditionsTheDependencyCanMeet() {
        services().forEach((name, definition) -> Node.map(definition, "depends_on").forEach((dependency, condition) -> {
            assertThat(services()).as("%s depends on %s", name, dependency).containsKey(dependency);
            String awaited = Node.string(condition, "condition");
            if ("service_healthy".equals(awaited)) {
                assertThat(Node.map(services().get(dependency), "healthcheck")).as("healthcheck of %s", dependency).containsKey("test");
            }
            if ("service_completed_successfully".equals(awaited)) {
                assertThat(Node.string(services().get(dependency), "restart")).as("restart of one-shot %s", dependency).isEqualTo("no");
            }
        }));
    }

    @Test
    void mountsOnlyFilesThatExist() {
        List<String> missing = new ArrayList<>();
        services().forEach((name, definition) -> Node.list(definition, "volumes").forEach(volume -> {
            String source = String.valueOf(volume).split(":")[0];
            if (source.startsWith("./") && !Files.exists(Repo.root().resolve(source))) {
                missing.add(name + ": " + source);
            }
        }));
        assertThat(missing).isEmpty();
    }

    @Test
    void importsTheConnectOpsRealmIntoKeycloak() {
        assertThat(Node.list(compose, "services", "keycloak", "command")).contains("--import-realm");
        assertThat(Node.list(compose, "services", "keycloak", "volumes"))
                .contains("./deploy/keycloak/connectops-realm.json:/opt/keycloak/data/import/connectops-realm.json:ro");
    }

    @ParameterizedTest
    @FieldSource("SERVICES")
    void prometheusScrapesTheMetricsEndpointOfEveryService(String service) {
        Map<String, Object> prometheus = Repo.yamlMap(Repo.path("deploy", "prometheus", "prometheus.yml"));
        Map<String, Object> job = Node.maps(prometheus, "scrape_configs").stream()
                .filter(candidate -> "connectops".equals(candidate.get("job_name"))).findFirst().orElseThrow();

        assertThat(Node.string(job, "metrics_path")).isEqualTo("/q/metrics");
        assertThat(Node.maps(job, "static_configs"))
                .anySatisfy(targets -> {
                    assertThat(Node.list(targets, "targets")).containsExactly(service + ":" + Repo.httpPort(service));
                    assertThat(Node.string(targets, "labels", "service")).isEqualTo(service);
                });
    }

    private Map<String, Object> services() {
        return Node.map(compose, "services");
    }

    private Map<String, Object> service(String name) {
        return Node.map(compose, "services", name);
    }

    private static Path realmFile() {
        return Repo.path("deploy", "keycloak", "connectops-realm.json");
    }
}
