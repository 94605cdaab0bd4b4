package io.connectops.alerting.config;

import jakarta.annotation.Priority;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;

/**
 * Reads the settings of {@code connectops.alerting.*} under their names before 0.2 ({@code alerting.*}, env
 * {@code ALERTING_...}) for one more release: a value set under the old name counts as if set under the new one, and
 * the source of higher ordinal wins when both are set (an old environment variable beats a new name's default). Drop
 * it in the release after.
 */
@Priority(Priorities.LIBRARY + 600)
public class LegacyAlertingNames implements ConfigSourceInterceptor {

    static final String PREFIX = "connectops.alerting.";
    static final String LEGACY_PREFIX = "alerting.";

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue current = context.proceed(name);
        if (!name.startsWith(PREFIX)) {
            return current;
        }
        ConfigValue legacy = context.proceed(LEGACY_PREFIX + name.substring(PREFIX.length()));
        if (legacy == null || (current != null && current.getConfigSourceOrdinal() >= legacy.getConfigSourceOrdinal())) {
            return current;
        }
        return legacy.withName(name);
    }
}
