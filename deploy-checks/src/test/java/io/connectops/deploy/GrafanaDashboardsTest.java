package io.connectops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The provisioned Grafana dashboards read only metrics the services really export. exported-metrics.txt lists
 * them; an entry owned by a module names the meter as the code registers it, and the test finds that name in the
 * module's sources, so a renamed or removed meter fails here instead of leaving an empty panel.
 */
class GrafanaDashboardsTest {

    private static final Path DASHBOARDS = Repo.path("deploy", "grafana", "dashboards");
    private static final String DATASOURCE_UID = "connectops-prometheus";
    private static final Set<String> PLATFORM_ORIGINS = Set.of("quarkus", "prometheus");
    private static final ObjectMapper JSON = new ObjectMapper();

    static List<Path> dashboards() {
        try (Stream<Path> files = Files.list(DASHBOARDS)) {
            return files.filter(file -> file.toString().endsWith(".json")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void provisionsTheFourDashboards() {
        assertThat(dashboards()).extracting(file -> file.getFileName().toString()).containsExactlyInAnyOrder(
                "connectops-contact-center.json", "connectops-alerts-incidents.json", "connectops-notifications.json",
                "connectops-platform.json");
        Map<String, Object> provider = Node.maps(Repo.yamlMap(Repo.path("deploy", "grafana", "provisioning", "dashboards",
                "connectops.yml")), "providers").get(0);
        assertThat(Node.list(Repo.yamlMap(Repo.path("docker-compose.yml")), "services", "grafana", "volumes"))
                .contains("./deploy/grafana/dashboards:" + Node.string(provider, "options", "path") + ":ro");
        assertThat(Repo.read(Repo.path("deploy", "grafana", "provisioning", "datasources", "prometheus.yml")))
                .contains("uid: " + DATASOURCE_UID);
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void everyQueryReadsAnExportedMetricFromTheProvisionedDatasource(Path dashboard) throws IOException {
        JsonNode root = JSON.readTree(dashboard.toFile());
        Map<String, String> exported = exportedMetrics();

        assertThat(root.path("uid").asText()).isNotBlank();
        assertThat(root.path("title").asText()).startsWith("Connect Ops");
        List<JsonNode> panels = panels(root);
        assertThat(panels).isNotEmpty();
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : panels) {
            String title = panel.path("title").asText();
            assertThat(ids.add(panel.path("id").asInt())).as("unique id of panel %s", title).isTrue();
            if (panel.path("type").asText().equals("row") || panel.path("type").asText().equals("text")) {
                continue;
            }
            assertThat(panel.path("datasource").path("uid").asText()).as(title).isEqualTo(DATASOURCE_UID);
            assertThat(panel.path("targets")).as("queries of %s", title).isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                String expression = target.path("expr").asText();
                assertThat(expression).as(title).isNotBlank();
                assertThat(PromQl.metricNames(expression)).as("metrics of %s: %s", title, expression)
                        .isNotEmpty()
                        .isSubsetOf(exported.keySet());
            }
        }
        for (JsonNode variable : root.path("templating").path("list")) {
            String query = variable.path("query").isObject() ? variable.path("query").path("query").asText()
                    : variable.path("query").asText();
            if (variable.path("type").asText().equals("query")) {
                assertThat(PromQl.metricNames(query)).as("variable %s", variable.path("name").asText()).isSubsetOf(exported.keySet());
            }
        }
    }

    @Test
    void everyListedMetricIsRegisteredByTheCodeThatOwnsIt() {
        List<String> missing = new ArrayList<>();
        for (String line : exportedMetricLines()) {
            String[] fields = line.split("\\s+");
            String series = fields[0];
            String origin = fields[1];
            if (PLATFORM_ORIGINS.contains(origin)) {
                continue;
            }
            assertThat(fields).as(line).hasSize(3);
            String meter = fields[2];
            assertThat(series).as("Prometheus name of %s", meter).startsWith(meter.replace('.', '_'));
            if (!sourcesOf(origin).contains("\"" + meter + "\"")) {
                missing.add(origin + ": " + meter);
            }
        }
        assertThat(missing).as("meters listed in exported-metrics.txt that the code does not register").isEmpty();
    }

    @Test
    void bothScrapeConfigsGiveTheLabelsTheDashboardsFilterOn() {
        Map<String, Object> compose = Node.maps(Repo.yamlMap(Repo.path("deploy", "prometheus", "prometheus.yml")), "scrape_configs")
                .stream().filter(job -> "connectops".equals(job.get("job_name"))).findFirst().orElseThrow();
        assertThat(Node.maps(compose, "static_configs")).allSatisfy(targets ->
                assertThat(Node.string(targets, "labels", "service")).isIn(Repo.SERVICES));

        List<Object> kubernetes = Repo.yaml().load(Repo.read(Repo.path("deploy", "prometheus", "kubernetes-scrape-config.yml")));
        Map<String, Object> job = Node.map(kubernetes.get(0));
        assertThat(Node.string(job, "job_name")).isEqualTo("connectops");
        assertThat(Node.string(job, "metrics_path")).isEqualTo("/q/metrics");
        assertThat(Node.maps(job, "relabel_configs")).anySatisfy(rule -> {
            assertThat(Node.list(rule, "source_labels")).containsExactly("__meta_kubernetes_pod_label_app_kubernetes_io_name");
            assertThat(Node.string(rule, "target_label")).isEqualTo("service");
        });
    }

    @Test
    void extractsMetricNamesFromPromQl() {
        assertThat(PromQl.metricNames(
                "sum by (service) (rate(http_server_requests_seconds_count{job=\"connectops\",uri!~\"/q/.*\"}[$__rate_interval]))"
                        + " / ignoring(status) sum(rate(http_server_requests_seconds_sum[5m])) > 0.5 and on(service) up == 1"))
                .containsExactlyInAnyOrder("http_server_requests_seconds_count", "http_server_requests_seconds_sum", "up");
        assertThat(PromQl.metricNames("label_values(up{job=\"connectops\"}, service)")).containsExactly("up");
        assertThat(PromQl.metricNames("histogram_quantile(0.95, sum by (le) (rate(x_bucket[5m]))) offset 1h"))
                .containsExactly("x_bucket");
    }

    private static List<JsonNode> panels(JsonNode root) {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : root.path("panels")) {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        }
        return panels;
    }

    private static Map<String, String> exportedMetrics() {
        Map<String, String> metrics = new LinkedHashMap<>();
        for (String line : exportedMetricLines()) {
            String[] fields = line.split("\\s+");
            metrics.put(fields[0], fields[1]);
        }
        return metrics;
    }

    private static List<String> exportedMetricLines() {
        return Stream.of(Repo.read(Repo.path("deploy-checks", "src", "test", "resources", "exported-metrics.txt")).split("\n"))
                .map(line -> line.replaceFirst("#.*", "").trim())
                .filter(line -> !line.isEmpty())
                .collect(Collectors.toList());
    }

    private static String sourcesOf(String module) {
        Path sources = Repo.path(module, "src", "main", "java");
        assertThat(sources).as("sources of %s", module).isDirectory();
        try (Stream<Path> files = Files.walk(sources)) {
            return files.filter(file -> file.toString().endsWith(".java")).map(Repo::read).collect(Collectors.joining("\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
