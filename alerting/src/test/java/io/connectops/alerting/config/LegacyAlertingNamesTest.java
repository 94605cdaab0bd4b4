package io.connectops.alerting.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The names before connectops.alerting.* are still read for one release, and never beat a newer setting. */
class LegacyAlertingNamesTest {

    private static AlertingConfig config(Map<String, String> properties, int ordinal) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withInterceptors(new LegacyAlertingNames())
                .withSources(new PropertiesConfigSource(properties, "test", ordinal))
                .withMapping(AlertingConfig.class).build();
        return config.getConfigMapping(AlertingConfig.class);
    }

    @Test
    void anOldNameIsReadWhenTheNewOneIsNotSet() {
        AlertingConfig config = config(Map.of("alerting.evaluation.group-id", "old-group",
                "alerting.grouping.group-wait", "PT5S"), 300);

        assertThat(config.evaluation().groupId()).isEqualTo("old-group");
        assertThat(config.grouping().groupWait()).contains(Duration.ofSeconds(5));
        assertThat(config.grouping().repeatInterval()).isEqualTo(Duration.ofHours(4));
    }

    @Test
    void theNewNameWinsOverTheOldOneInTheSameSource() {
        AlertingConfig config = config(Map.of("alerting.evaluation.group-id", "old-group",
                "connectops.alerting.evaluation.group-id", "new-group"), 300);

        assertThat(config.evaluation().groupId()).isEqualTo("new-group");
    }
}
