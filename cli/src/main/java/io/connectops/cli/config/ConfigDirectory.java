package io.connectops.cli.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The user's configuration directory ({@code $CONNECTOPS_CONFIG_DIR}, else {@code $XDG_CONFIG_HOME/connectops},
 * else {@code ~/.config/connectops}): {@code profiles.yaml} (platforms by name) and {@code tokens/<profile>.json}.
 * Files holding tokens are written with mode 600, through a temporary file so that a crash never leaves half a
 * token file readable.
 */
public final class ConfigDirectory {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()).findAndRegisterModules();

    private final Path root;

    public ConfigDirectory(Path root) {
        this.root = root;
    }

    public static ConfigDirectory ofEnvironment() {
        String explicit = System.getenv("CONNECTOPS_CONFIG_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return new ConfigDirectory(Path.of(explicit));
        }
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return new ConfigDirectory(base.resolve("connectops"));
    }

    public Path root() {
        return root;
    }

    /** The named profile; {@code local} (the local platform's ports and realm) when the file does not name it. */
    public Profile profile(String name) {
        Profile saved = profiles().get(name);
        if (saved != null) {
            return saved;
        }
        if ("local".equals(name)) {
            return Profile.local();
        }
        throw new IllegalArgumentException("no profile '" + name + "' in " + profilesFile()
                + " (add one with `connectops profile set " + name + " --server …`)");
    }

    public Map<String, Profile> profiles() {
        Path file = profilesFile();
        if (!Files.exists(file)) {
            return Map.of();
        }
        try {
            Map<String, Profile> read = YAML.readValue(file.toFile(),
                    YAML.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, Profile.class));
            return read == null ? Map.of() : read;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public void saveProfile(String name, Profile profile) {
        Map<String, Profile> all = new LinkedHashMap<>(profiles());
        all.put(name, profile);
        try {
            writePrivately(profilesFile(), YAML.writeValueAsString(all));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path tokenFile(String profile) {
        return root.resolve("tokens").resolve(profile + ".json");
    }

    Path profilesFile() {
        return root.resolve("profiles.yaml");
    }

    /** Writes {@code content} readable by its owner only (mode 600 on POSIX file systems). */
    public static void writePrivately(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Path temporary = Files.createTempFile(file.getParent(), ".write-", ".tmp");
        try {
            if (Files.getFileAttributeView(temporary, PosixFileAttributeView.class) != null) {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            }
            Files.writeString(temporary, content);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
