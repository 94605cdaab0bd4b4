package io.connectops.incidents.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.connectops.contracts.Severity;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The previous release's names (incidents.*) still configure the service for one release, never over new ones. */
class PreviousConfigNamesTest {

    private static final int PACKAGED = 250;
    private static final int ENVIRONMENT = 300;

    private static IncidentsConfig configOf(Map<String, String> packaged, Map<String, String> environment) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withInterceptors(new PreviousConfigNames())
                .withSources(new PropertiesConfigSource(packaged, "application.properties", PACKAGED))
                .withSources(new PropertiesConfigSource(environment, "environment", ENVIRONMENT))
                .withMapping(IncidentsConfig.class)
                .build();
        return config.getConfigMapping(IncidentsConfig.class);
    }

    private static final Map<String, String> PACKAGED_DEFAULTS = Map.of(
            "connectops.incidents.public-url", "http://localhost:8083",
            "connectops.incidents.sla.P1.assess", "PT5M",
            "connectops.incidents.sla.P1.resolve", "PT1H");

    @Test
    void anOldNameSetInTheEnvironmentStillOverridesThePackagedDefault() {
        IncidentsConfig config = configOf(PACKAGED_DEFAULTS, Map.of(
                "incidents.public-url", "https://ops.example.com",
                "incidents.sla.P1.assess", "PT2M"));
        assertThat(config.publicUrl()).isEqualTo("https://ops.example.com");
        assertThat(config.slaOf(Severity.P1).assess()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.slaOf(Severity.P1).resolve()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void theNewNameWinsWhenBothAreSetAtTheSameLevel() {
        IncidentsConfig config = configOf(PACKAGED_DEFAULTS, Map.of(
                "incidents.public-url", "https://old.example.com",
                "connectops.incidents.public-url", "https://new.example.com"));
        assertThat(config.publicUrl()).isEqualTo("https://new.example.com");
    }

    @Test
    void aSeverityConfiguredOnlyUnderTheOldNameIsStillFound() {
        IncidentsConfig config = configOf(Map.of("connectops.incidents.public-url", "http://localhost:8083"),
                Map.of("incidents.sla.P4.assess", "P1D", "incidents.sla.P4.resolve", "P7D"));
        assertThat(config.slaOf(Severity.P4).resolve()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void withoutOldNamesTheNewOnesApply() {
        IncidentsConfig config = configOf(PACKAGED_DEFAULTS, Map.of());
        assertThat(config.publicUrl()).isEqualTo("http://localhost:8083");
        assertThat(config.slaOf(Severity.P1).assess()).isEqualTo(Duration.ofMinutes(5));
    }
}
