package io.connectops.deploy;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Renders a kustomization with {@code kubectl kustomize} (Debian package kubernetes-client) when kubectl is on the
 * PATH, and otherwise with {@link KustomizeLite}, which applies the subset of kustomize these manifests use, so that
 * the same assertions run either way.
 */
final class Kustomize {

    private Kustomize() {
    }

    static Optional<Path> kubectl() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    static List<Map<String, Object>> render(Path kustomization) {
        Optional<Path> kubectl = kubectl();
        if (kubectl.isEmpty()) {
            System.out.println("kubectl is not on the PATH: " + kustomization
                    + " rendered by KustomizeLite instead (install the Debian package kubernetes-client for the real render)");
            return KustomizeLite.render(kustomization);
        }
        return Repo.yamlDocuments(kubectlKustomize(kubectl.get(), kustomization));
    }

    static String kubectlKustomize(Path kubectl, Path kustomization) {
        try {
            Path output = Files.createTempFile("kustomize", ".yaml");
            Path errors = Files.createTempFile("kustomize", ".err");
            try {
                Process process = new ProcessBuilder(kubectl.toString(), "kustomize", kustomization.toString())
                        .redirectOutput(output.toFile())
                        .redirectError(errors.toFile())
                        .start();
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("kubectl kustomize " + kustomization + " did not finish in 120 s");
                }
                if (process.exitValue() != 0) {
                    throw new AssertionError("kubectl kustomize " + kustomization + " failed: "
                            + Files.readString(errors, StandardCharsets.UTF_8));
                }
                return Files.readString(output, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(output);
                Files.deleteIfExists(errors);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while rendering " + kustomization, e);
        }
    }
}
