package io.connectops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every overlay of k8s/ rendered (kubectl kustomize, or KustomizeLite without kubectl) and checked for what an
 * operator relies on: probes on the health endpoints, requests and limits that fit the measured memory, secrets
 * only by reference, autoscaling within the partition count, disruption budgets, the network policies and the topic Job.
 */
class KubernetesManifestsTest {

    static final List<String> OVERLAYS = List.of("dev", "prod");

    /**
     * Idle resident memory of the largest service measured by bench/run.sh with the JVM settings of the base
     * (JAVA_OPTS_APPEND): 215-241 MB idle, 292-311 MB after the load (232-260 and 311-355 before the class archive and
     * the capped young generation). A request below it is evicted first.
     */
    private static final long MEASURED_IDLE_RSS_MIB = 245;
    /** Metaspace, code cache, thread stacks and direct buffers beside the heap. */
    private static final long NON_HEAP_HEADROOM_MIB = 150;
    private static final int EVENT_TOPIC_PARTITIONS = 6;
    /** Services with a fixed replica count: metrics-ingest's second replica holds no source lease until the first dies. */
    private static final Set<String> NOT_AUTOSCALED = Set.of("metrics-ingest");
    private static final Set<Integer> DEPENDENCY_PORTS = Set.of(53, 9092, 5432, 8080, 8443, 443);
    /** Egress beyond the shared dependencies, by service: the internet endpoints each one calls. */
    private static final Map<String, Map<String, Set<Integer>>> INTERNET_EGRESS = Map.of(
            "notifications", Map.of("notifications-egress-internet", Set.of(443, 587)),
            "metrics-ingest", Map.of("metrics-ingest-egress-aws", Set.of(443)));
    private static final Pattern SECRET_LIKE = Pattern.compile("(?i).*(password|secret|token|credential|private.?key|api.?key).*");
    private static final Pattern MAX_HEAP = Pattern.compile("-Xmx(\\d+)([mMgG])");
    private static final Map<String, List<Map<String, Object>>> RENDERED = new ConcurrentHashMap<>();

    static Stream<Arguments> overlaysAndServices() {
        return OVERLAYS.stream().flatMap(overlay -> Repo.SERVICES.stream().map(service -> Arguments.of(overlay, service)));
    }

    @Test
    void hasTheDevAndProdOverlays() throws Exception {
        try (Stream<Path> overlays = Files.list(Repo.path("k8s", "overlays"))) {
            assertThat(overlays.map(path -> path.getFileName().toString())).containsExactlyInAnyOrderElementsOf(OVERLAYS);
        }
    }

    @ParameterizedTest
    @MethodSource("overlaysAndServices")
    void deploymentRunsTheServiceImageWithProbesOnTheHealthEndpoints(String overlay, String service) {
        Map<String, Object> container = container(overlay, service);
        int port = Repo.httpPort(service);

        assertThat(Node.string(container, "image")).isEqualTo(Repo.image(service));
        assertThat(Node.maps(container, "ports")).containsExactly(Map.of("name", "http", "containerPort", port));
        assertThat(Node.string(container, "livenessProbe", "httpGet", "path")).isEqualTo("/q/health/live");
        assertThat(Node.string(container, "readinessProbe", "httpGet", "path")).isEqualTo("/q/health/ready");
        assertThat(Node.string(container, "startupProbe", "httpGet", "path")).startsWith("/q/health/");
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            assertThat(Node.string(container, probe, "httpGet", "port")).as(probe).isEqualTo("http");
        }
        // A slow start (five services migrating on two cores) must not be taken for a dead pod.
        int startupSeconds = Integer.parseInt(Node.string(container, "startupProbe", "periodSeconds"))
                * Integer.parseInt(Node.string(container, "startupProbe", "failureThreshold"));
        assertThat(startupSeconds).isGreaterThanOrEqualTo(120);
    }

    @ParameterizedTest
    @MethodSource("overlaysAndServices")
    void requestsAndLimitsFitTheMeasuredMemoryAndTheHeap(String overlay, String service) {
        Map<String, Object> container = container(overlay, service);
        Map<String, Object> resources = Node.map(container, "resources");

        assertThat(Node.map(resources, "requests")).containsKeys("cpu", "memory");
        assertThat(Node.map(resources, "limits")).containsKeys("cpu", "memory");
        long requestMib = mebibytes(Node.string(resources, "requests", "memory"));
        long limitMib = mebibytes(Node.string(resources, "limits", "memory"));
        assertThat(requestMib).isGreaterThanOrEqualTo(MEASURED_IDLE_RSS_MIB);
        assertThat(limitMib).isGreaterThanOrEqualTo(requestMib);

        String javaOptions = environment(overlay, service).get("JAVA_OPTS_APPEND");
        assertThat(javaOptions).as("JAVA_OPTS_APPEND of %s in %s", service, overlay).isNotNull();
        Matcher heap = MAX_HEAP.matcher(javaOptions);
        assertThat(heap.find()).as("-Xmx in %s", javaOptions).isTrue();
        long heapMib = Long.parseLong(heap.group(1)) * (heap.group(2).equalsIgnoreCase("g") ? 1024 : 1);
        assertThat(heapMib + NON_HEAP_HEADROOM_MIB).as("heap plus non-heap within the limit").isLessThanOrEqualTo(limitMib);
    }

    @ParameterizedTest
    @MethodSource("overlaysAndServices")
    void runsTheServiceWithTheJvmSettingsOfTheLocalPlatformAndTheClassArchiveOfItsImage(String overlay, String service) {
        assertThat(environment(overlay, service).get("JAVA_OPTS_APPEND")).isEqualTo(Repo.imageJavaOptions());
    }

    @ParameterizedTest
    @MethodSource("overlaysAndServices")
    void setsOnlyVariablesTheServiceReadsAndTakesSecretsByReference(String overlay, String service) {
        Map<String, Object> container = container(overlay, service);

        assertThat(environment(overlay, service).keySet()).isSubsetOf(ConfigVariables.readBy(service));
        for (Map<String, Object> variable : Node.maps(container, "env")) {
            String name = Node.string(variable, "name");
            if (SECRET_LIKE.matcher(name).matches() || name.endsWith("_USER") || name.endsWith("_USERNAME")) {
                assertThat(variable).as(name).doesNotContainKey("value");
                assertThat(Node.string(variable, "valueFrom", "secretKeyRef", "name")).as(name).isNotBlank();
            }
            if (name.startsWith("CONNECTOPS_DB_")) {
                assertThat(Node.string(variable, "valueFrom", "secretKeyRef", "name")).as(name).isEqualTo(service + "-db");
            }
        }
        assertThat(environment(overlay, service))
                .containsKeys("CONNECTOPS_DB_USER", "CONNECTOPS_DB_PASSWORD", "CONNECTOPS_DATABASE_URL", "KAFKA_BOOTSTRAP_SERVERS",
                        "QUARKUS_OIDC_AUTH_SERVER_URL", "QUARKUS_OIDC_CLIENT_ID")
                // The Job creates the topics; services with admin rights on the cluster are not needed.
                .containsEntry("CONNECTOPS_KAFKA_TOPICS_PROVISION", "false");
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void commitsNoSecretValues(String overlay) {
        List<Map<String, Object>> documents = rendered(overlay);

        assertThat(documents).noneMatch(document -> "Secret".equals(document.get("kind")));
        for (Map<String, Object> configMap : ofKind(overlay, "ConfigMap")) {
            Node.map(configMap, "data").forEach((key, value) -> {
                assertThat(key).as("ConfigMap key").doesNotMatch(SECRET_LIKE);
                assertThat(String.valueOf(value)).as(key).doesNotMatch("(?is).*(password|secret)=.*");
            });
        }
        String text = Repo.yaml().dumpAll(documents.iterator());
        assertThat(text).doesNotContain("stringData").doesNotContain("-----BEGIN");
    }

    @ParameterizedTest
    @MethodSource("overlaysAndServices")
    void scalesWithinThePartitionCountAndSurvivesDrains(String overlay, String service) {
        Map<String, Object> deployment = named(overlay, "Deployment", service);
        Map<String, Object> budget = named(overlay, "PodDisruptionBudget", service);
        Map<String, Object> kubernetesService = named(overlay, "Service", service);
        Map<String, Object> podLabels = Node.map(deployment, "spec", "template", "metadata", "labels");

        if (NOT_AUTOSCALED.contains(service)) {
            assertThat(Integer.parseInt(Node.string(deployment, "spec", "replicas"))).isBetween(1, 2);
            assertThat(ofKind(overlay, "HorizontalPodAutoscaler"))
                    .noneMatch(autoscaler -> service.equals(Node.string(autoscaler, "spec", "scaleTargetRef", "name")));
        } else {
            Map<String, Object> autoscaler = named(overlay, "HorizontalPodAutoscaler", service);
            assertThat(Node.map(autoscaler, "spec", "scaleTargetRef")).containsEntry("kind", "Deployment").containsEntry("name", service);
            int minReplicas = Integer.parseInt(Node.string(autoscaler, "spec", "minReplicas"));
            int maxReplicas = Integer.parseInt(Node.string(autoscaler, "spec", "maxReplicas"));
            assertThat(minReplicas).isPositive().isLessThanOrEqualTo(maxReplicas);
            assertThat(maxReplicas).isLessThanOrEqualTo(EVENT_TOPIC_PARTITIONS);
            assertThat(Node.string(deployment, "spec", "replicas")).isEqualTo(String.valueOf(minReplicas));
            assertThat(Node.maps(autoscaler, "spec", "metrics")).anySatisfy(metric ->
                    assertThat(Node.string(metric, "resource", "name")).isEqualTo("cpu"));
        }

        assertThat(selects(Node.map(budget, "spec", "selector", "matchLabels"), podLabels)).isTrue();
        // A budget that allows no eviction would block node drains for a single-replica deployment.
        assertThat(Node.string(budget, "spec", "maxUnavailable")).isEqualTo("1");

        assertThat(selects(Node.map(kubernetesService, "spec", "selector"), podLabels)).isTrue();
        assertThat(Node.maps(kubernetesService, "spec", "ports"))
                .containsExactly(Map.of("name", "http", "port", Repo.httpPort(service), "targetPort", "http"));
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void networkPoliciesLetServicesReachOnlyTheirDependencies(String overlay) {
        List<Map<String, Object>> policies = ofKind(overlay, "NetworkPolicy");

        assertThat(policies).anySatisfy(policy -> {
            assertThat(Node.map(policy, "spec", "podSelector")).isEmpty();
            assertThat(Node.list(policy, "spec", "policyTypes")).containsExactlyInAnyOrder("Ingress", "Egress");
            assertThat(Node.list(policy, "spec", "egress")).isEmpty();
            assertThat(Node.list(policy, "spec", "ingress")).isEmpty();
        });
        for (String service : Repo.SERVICES) {
            Map<String, Object> podLabels = Node.map(named(overlay, "Deployment", service), "spec", "template", "metadata", "labels");
            Map<String, Set<Integer>> egress = new HashMap<>();
            for (Map<String, Object> policy : policies) {
                if (selects(Node.map(policy, "spec", "podSelector", "matchLabels"), podLabels)) {
                    Set<Integer> ports = new TreeSet<>();
                    Node.maps(policy, "spec", "egress").forEach(rule ->
                            Node.maps(rule, "ports").forEach(port -> ports.add(Integer.parseInt(Node.string(port, "port")))));
                    if (!ports.isEmpty()) {
                        egress.put(Node.string(policy, "metadata", "name"), ports);
                    }
                }
            }
            assertThat(egress).as(service).containsEntry("connectops-egress-dns", Set.of(53))
                    .containsEntry("connectops-egress-kafka", Set.of(9092))
                    .containsEntry("connectops-egress-postgresql", Set.of(5432))
                    .containsKey("connectops-egress-oidc");
            Map<String, Set<Integer>> internet = INTERNET_EGRESS.getOrDefault(service, Map.of());
            egress.forEach((policy, ports) -> {
                if (!internet.containsKey(policy)) {
                    assertThat(ports).as("%s: %s", service, policy).allMatch(DEPENDENCY_PORTS::contains);
                }
            });
            Set<String> expected = new TreeSet<>(Set.of("connectops-egress-dns", "connectops-egress-kafka",
                    "connectops-egress-postgresql", "connectops-egress-oidc"));
            expected.addAll(internet.keySet());
            internet.forEach((policy, ports) -> assertThat(egress).as(service).containsEntry(policy, ports));
            assertThat(egress.keySet()).as(service).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void aJobCreatesEveryTopicAndItsDeadLetterTwin(String overlay) {
        Map<String, Object> job = ofKind(overlay, "Job").stream()
                .filter(candidate -> Node.string(candidate, "metadata", "name").equals("connectops-kafka-topics"))
                .findFirst().orElseThrow();
        Map<String, Object> container = Node.maps(job, "spec", "template", "spec", "containers").get(0);
        String script = Node.list(container, "args").stream().map(String::valueOf).collect(Collectors.joining("\n"));
        Map<String, Object> topicSettings = configMap(overlay, Node.string(Node.maps(container, "envFrom").get(0), "configMapRef", "name"));

        assertThat(script).contains("kafka-topics.sh", "--create --if-not-exists", "--topic \"$topic.dlq\"");
        assertThat(Set.of(Node.string(topicSettings, "data", "TOPICS").split(" "))).isEqualTo(Repo.eventTopics());
        assertThat(Node.string(topicSettings, "data", "TOPIC_PARTITIONS")).isEqualTo(String.valueOf(EVENT_TOPIC_PARTITIONS));
        assertThat(Node.string(topicSettings, "data", "DLQ_PARTITIONS")).isEqualTo("1");
        assertThat(Node.map(container, "resources", "limits")).containsKeys("cpu", "memory");
    }

    @Test
    void prodRunsMoreReplicasWithMoreMemoryAndReplicatedTopics() {
        for (String service : Repo.SERVICES) {
            Map<String, Object> dev = named("dev", "Deployment", service);
            Map<String, Object> prod = named("prod", "Deployment", service);
            assertThat(Integer.parseInt(Node.string(prod, "spec", "replicas")))
                    .isGreaterThanOrEqualTo(NOT_AUTOSCALED.contains(service) ? 2 : 3)
                    .isGreaterThan(Integer.parseInt(Node.string(dev, "spec", "replicas")));
            assertThat(mebibytes(Node.string(container("prod", service), "resources", "limits", "memory")))
                    .isGreaterThan(mebibytes(Node.string(container("dev", service), "resources", "limits", "memory")));
        }
        Map<String, Object> prodTopics = ofKind("prod", "ConfigMap").stream()
                .filter(configMap -> Node.string(configMap, "metadata", "name").startsWith("connectops-topics"))
                .findFirst().orElseThrow();
        assertThat(Node.string(prodTopics, "data", "TOPIC_REPLICATION_FACTOR")).isEqualTo("3");
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyResourceLandsInTheOverlayNamespace(String overlay) {
        Set<String> namespaces = rendered(overlay).stream()
                .map(document -> Node.string(document, "metadata", "namespace"))
                .collect(Collectors.toSet());
        assertThat(namespaces).hasSize(1).doesNotContainNull();
    }

    @Test
    void theSecretExampleHoldsOnlyPlaceholdersAndIsNeverDeployed() throws Exception {
        Path example = Repo.path("k8s", "examples", "secrets.example.yaml");
        List<Map<String, Object>> secrets = Repo.yamlDocuments(Repo.read(example));

        List<String> expected = Repo.SERVICES.stream().map(service -> service + "-db").collect(Collectors.toList());
        expected.add("notifications-secrets");
        expected.add("notifications-smtp");
        assertThat(secrets).extracting(secret -> Node.string(secret, "metadata", "name")).containsExactlyInAnyOrderElementsOf(expected);
        secrets.forEach(secret -> Node.map(secret, "stringData").values()
                .forEach(value -> assertThat(String.valueOf(value)).matches("<[^>]+>")));
        try (Stream<Path> files = Files.walk(Repo.path("k8s"))) {
            List<Path> kustomizations = files.filter(file -> file.getFileName().toString().equals("kustomization.yaml"))
                    .collect(Collectors.toList());
            assertThat(kustomizations).isNotEmpty();
            // Comments may point at the example; no field of a kustomization may use it.
            kustomizations.forEach(file -> assertThat(Repo.yaml().dump(Repo.yamlMap(file))).doesNotContain("secrets.example"));
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void kustomizeLiteRendersWhatKubectlRenders(String overlay) {
        if (Kustomize.kubectl().isEmpty()) {
            System.out.println("kubectl is not on the PATH: the comparison of KustomizeLite with kubectl kustomize is skipped");
            return;
        }
        Map<String, String> generatedNames = new HashMap<>();
        for (Map<String, Object> configMap : ofKind(overlay, "ConfigMap")) {
            String name = Node.string(configMap, "metadata", "name");
            generatedNames.put(name, name.replaceFirst("-[a-z0-9]{10}$", ""));
        }
        List<Map<String, Object>> byKubectl = withoutHashSuffixes(rendered(overlay), generatedNames);
        List<Map<String, Object>> byLite = KustomizeLite.render(Repo.path("k8s", "overlays", overlay));

        assertThat(sorted(byLite)).isEqualTo(sorted(byKubectl));
    }

    private static List<Map<String, Object>> rendered(String overlay) {
        return RENDERED.computeIfAbsent(overlay, key -> Kustomize.render(Repo.path("k8s", "overlays", key)));
    }

    private static List<Map<String, Object>> ofKind(String overlay, String kind) {
        return rendered(overlay).stream().filter(document -> kind.equals(document.get("kind"))).collect(Collectors.toList());
    }

    private static Map<String, Object> named(String overlay, String kind, String name) {
        return ofKind(overlay, kind).stream()
                .filter(document -> name.equals(Node.string(document, "metadata", "name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError(overlay + " renders no " + kind + " " + name));
    }

    private static Map<String, Object> configMap(String overlay, String name) {
        return named(overlay, "ConfigMap", name);
    }

    private static Map<String, Object> container(String overlay, String service) {
        List<Map<String, Object>> containers = Node.maps(named(overlay, "Deployment", service), "spec", "template", "spec", "containers");
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    /** The variables the container sees: its own env entries and the keys of the ConfigMaps it takes whole. */
    private static Map<String, String> environment(String overlay, String service) {
        Map<String, Object> container = container(overlay, service);
        Map<String, String> environment = new HashMap<>();
        for (Map<String, Object> source : Node.maps(container, "envFrom")) {
            String name = Node.string(source, "configMapRef", "name");
            assertThat(name).as("envFrom of %s takes ConfigMaps only", service).isNotNull();
            Node.map(configMap(overlay, name), "data").forEach((key, value) -> environment.put(key, String.valueOf(value)));
        }
        for (Map<String, Object> variable : Node.maps(container, "env")) {
            environment.put(Node.string(variable, "name"), Node.string(variable, "value"));
        }
        return environment;
    }

    private static boolean selects(Map<String, Object> selector, Map<String, Object> labels) {
        return selector.entrySet().stream().allMatch(entry -> entry.getValue().equals(labels.get(entry.getKey())));
    }

    private static long mebibytes(String quantity) {
        Matcher matcher = Pattern.compile("(\\d+)(Mi|Gi)").matcher(quantity);
        assertThat(matcher.matches()).as("memory quantity %s in Mi or Gi", quantity).isTrue();
        return Long.parseLong(matcher.group(1)) * (matcher.group(2).equals("Gi") ? 1024 : 1);
    }

    @SuppressWarnings("unchecked")
    private static <T> T withoutHashSuffixes(T node, Map<String, String> generatedNames) {
        if (node instanceof Map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            ((Map<String, Object>) node).forEach((key, value) -> {
                // kustomize v2 leaves empty annotations and labels on a merged ConfigMap; they mean nothing.
                boolean emptyMetadata = (key.equals("annotations") || key.equals("labels")) && value instanceof Map
                        && ((Map<?, ?>) value).isEmpty();
                if (!emptyMetadata) {
                    copy.put(key, withoutHashSuffixes(value, generatedNames));
                }
            });
            return (T) copy;
        }
        if (node instanceof List) {
            List<Object> copy = new ArrayList<>();
            ((List<Object>) node).forEach(item -> copy.add(withoutHashSuffixes(item, generatedNames)));
            return (T) copy;
        }
        if (node instanceof String) {
            return (T) generatedNames.getOrDefault(node, (String) node);
        }
        return node;
    }

    private static List<Map<String, Object>> sorted(List<Map<String, Object>> documents) {
        List<Map<String, Object>> copy = new ArrayList<>(documents);
        copy.sort(Comparator.comparing((Map<String, Object> document) -> String.valueOf(document.get("kind")))
                .thenComparing(document -> Node.string(document, "metadata", "name")));
        return copy;
    }
}
