package io.connectops.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The part of kustomize that k8s/ uses, for machines without kubectl: resources and bases, patchesStrategicMerge
 * (maps merged, named lists merged by name, other lists replaced), namespace, configMapGenerator literals with
 * create/merge behaviour, and images. Generated ConfigMaps keep their plain names (kubectl adds a content hash).
 * Anything else in a kustomization fails loudly rather than being ignored.
 */
final class KustomizeLite {

    private static final Set<String> SUPPORTED = Set.of("apiVersion", "kind", "resources", "bases", "patchesStrategicMerge",
            "namespace", "configMapGenerator", "images");
    private static final Set<String> NAMED_LISTS = Set.of("containers", "initContainers", "env", "ports", "volumes",
            "volumeMounts");

    private KustomizeLite() {
    }

    static List<Map<String, Object>> render(Path dir) {
        Map<String, Object> kustomization = Repo.yamlMap(dir.resolve("kustomization.yaml"));
        Set<String> unsupported = new TreeSet<>(kustomization.keySet());
        unsupported.removeAll(SUPPORTED);
        if (!unsupported.isEmpty()) {
            throw new AssertionError(dir + " uses kustomize fields KustomizeLite does not apply: " + unsupported);
        }

        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object base : Node.list(kustomization, "bases")) {
            documents.addAll(render(dir.resolve(String.valueOf(base)).normalize()));
        }
        for (Object resource : Node.list(kustomization, "resources")) {
            Path path = dir.resolve(String.valueOf(resource)).normalize();
            documents.addAll(Files.isDirectory(path) ? render(path) : Repo.yamlDocuments(Repo.read(path)));
        }
        for (Map<String, Object> generator : Node.maps(kustomization, "configMapGenerator")) {
            generate(documents, generator);
        }
        for (Object patchFile : Node.list(kustomization, "patchesStrategicMerge")) {
            for (Map<String, Object> patch : Repo.yamlDocuments(Repo.read(dir.resolve(String.valueOf(patchFile))))) {
                Map<String, Object> target = documents.stream()
                        .filter(document -> Objects.equals(document.get("kind"), patch.get("kind"))
                                && Objects.equals(Node.string(document, "metadata", "name"), Node.string(patch, "metadata", "name")))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError(dir + ": patch for a missing resource " + patch.get("kind") + " "
                                + Node.string(patch, "metadata", "name")));
                merge(target, patch);
            }
        }
        String namespace = Node.string(kustomization, "namespace");
        if (namespace != null) {
            documents.forEach(document -> metadata(document).put("namespace", namespace));
        }
        for (Map<String, Object> image : Node.maps(kustomization, "images")) {
            documents.forEach(document -> retag(document, image));
        }
        return documents;
    }

    private static void generate(List<Map<String, Object>> documents, Map<String, Object> generator) {
        String name = Node.string(generator, "name");
        Map<String, Object> data = new LinkedHashMap<>();
        for (Object literal : Node.list(generator, "literals")) {
            String text = String.valueOf(literal);
            int equals = text.indexOf('=');
            data.put(text.substring(0, equals), text.substring(equals + 1));
        }
        if ("merge".equals(Node.string(generator, "behavior"))) {
            Map<String, Object> existing = documents.stream()
                    .filter(document -> "ConfigMap".equals(document.get("kind")) && name.equals(Node.string(document, "metadata", "name")))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("configMapGenerator merges into a missing ConfigMap " + name));
            Node.map(existing, "data").putAll(data);
            return;
        }
        Map<String, Object> configMap = new LinkedHashMap<>();
        configMap.put("apiVersion", "v1");
        configMap.put("kind", "ConfigMap");
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", name);
        configMap.put("metadata", metadata);
        configMap.put("data", data);
        documents.add(configMap);
    }

    @SuppressWarnings("unchecked")
    private static void merge(Map<String, Object> target, Map<String, Object> patch) {
        patch.forEach((key, value) -> {
            Object existing = target.get(key);
            if (value instanceof Map && existing instanceof Map) {
                merge((Map<String, Object>) existing, (Map<String, Object>) value);
            } else if (value instanceof List && existing instanceof List && NAMED_LISTS.contains(key)) {
                mergeByName((List<Object>) existing, (List<Object>) value);
            } else {
                target.put(key, value);
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static void mergeByName(List<Object> target, List<Object> patch) {
        for (Object item : patch) {
            Object name = ((Map<String, Object>) item).get("name");
            Map<String, Object> existing = target.stream()
                    .map(candidate -> (Map<String, Object>) candidate)
                    .filter(candidate -> Objects.equals(candidate.get("name"), name))
                    .findFirst().orElse(null);
            if (existing == null) {
                target.add(item);
            } else {
                merge(existing, (Map<String, Object>) item);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> metadata(Map<String, Object> document) {
        return (Map<String, Object>) document.computeIfAbsent("metadata", key -> new LinkedHashMap<>());
    }

    private static void retag(Map<String, Object> document, Map<String, Object> image) {
        for (String containers : List.of("containers", "initContainers")) {
            for (Map<String, Object> container : Node.maps(document, "spec", "template", "spec", containers)) {
                String current = Node.string(container, "image");
                String name = Node.string(image, "name");
                if (current != null && (current.equals(name) || current.startsWith(name + ":"))) {
                    String newName = Node.string(image, "newName");
                    String newTag = Node.string(image, "newTag");
                    String repository = newName != null ? newName : name;
                    String tag = newTag != null ? newTag : (current.contains(":") ? current.substring(current.indexOf(':') + 1) : null);
                    container.put("image", tag == null ? repository : repository + ":" + tag);
                }
            }
        }
    }
}
