package io.connectops.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.connectops.platform.testing.RealServers;

/**
 * Each service's build writes a class archive beside its jar, and production runs the service with it (the JVM
 * settings of infra/bin/platform.sh; k8s and docker-compose take the same, deploy-checks holds them equal). A JVM that
 * cannot use an archive starts without it and says nothing, so the memory it saves could vanish unseen: here each
 * packaged service starts with those settings and {@code -Xshare:on}, which refuses to start instead, from its
 * directory as the platform runs it, up to where its beans exist (where the build's own run stopped), and the classes
 * that came from the archive are counted in the JVM's class loading log.
 */
class ClassArchiveTest {

    private static final Pattern PLATFORM_JAVA_OPTIONS =
            Pattern.compile("JAVA_SERVICE_OPTS=\\$\\{JAVA_SERVICE_OPTS:-\"([^\"]+)\"}");
    /** How the JVM's class+load log names a class mapped from the archive on top of the JDK's own. */
    private static final String FROM_THE_APPLICATION_ARCHIVE = "source: shared objects file (top)";

    @ParameterizedTest
    @ValueSource(strings = {"metrics-ingest", "alerting", "incidents", "scheduling", "notifications"})
    void aPackagedServiceStartsWithTheClassArchiveItsBuildWroteUnderTheProductionJvmSettings(String service)
            throws Exception {
        Path app = ServiceProcess.packagedApp(service);
        assertThat(app.resolve("app-cds.jsa")).as("the archive the build of %s wrote", service).isRegularFile();
        Path logs = Files.createDirectories(RealServers.projectRoot().resolve(".run/e2e"));
        Path classLog = logs.resolve("class-archive-" + service + ".classes.log");
        Path output = logs.resolve("class-archive-" + service + ".log");
        Files.deleteIfExists(classLog);

        List<String> command = new ArrayList<>(List.of(ServiceProcess.javaExecutable()));
        command.addAll(Arrays.asList(platformJavaOptions().split(" ")));
        command.addAll(List.of("-Xshare:on", "-Xlog:class+load=info:file=" + classLog, "-Dquarkus.appcds.generate=true",
                "-jar", "quarkus-run.jar"));
        Process process = new ProcessBuilder(command).directory(app.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();

        assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("%s started and stopped; see %s", service, output).isTrue();
        assertThat(process.exitValue()).as("exit of %s; see %s", service, output).isZero();
        assertThat(classesFromTheArchive(classLog)).as("classes of %s mapped from its archive", service)
                .isGreaterThan(3_000);
    }

    private static String platformJavaOptions() throws IOException {
        String script = Files.readString(RealServers.projectRoot().resolve("infra/bin/platform.sh"), StandardCharsets.UTF_8);
        Matcher options = PLATFORM_JAVA_OPTIONS.matcher(script);
        assertThat(options.find()).as("a default JAVA_SERVICE_OPTS in infra/bin/platform.sh").isTrue();
        return options.group(1);
    }

    private static long classesFromTheArchive(Path classLog) throws IOException {
        try (Stream<String> lines = Files.lines(classLog, StandardCharsets.UTF_8)) {
            return lines.filter(line -> line.contains(FROM_THE_APPLICATION_ARCHIVE)).count();
        }
    }
}
