package io.connectops.incidents.config;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.Priority;

import org.jboss.logging.Logger;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;

/**
 * Reads the names of the previous release for one more: {@code incidents.*} (environment {@code INCIDENTS_*},
 * e.g. {@code INCIDENTS_PUBLIC_URL}) still sets {@code connectops.incidents.*}. A value under the old name is taken
 * when it comes from a source of higher ordinal than the new name's (an environment variable or a system property
 * over the packaged defaults); with both set at the same level, the new name wins. Each old name read is logged once
 * so that deployments can move.
 */
@Priority(Priorities.APPLICATION)
public class PreviousConfigNames implements ConfigSourceInterceptor {

    static final String PREFIX = "connectops.incidents.";
    static final String PREVIOUS_PREFIX = "incidents.";

    private static final Logger LOG = Logger.getLogger(PreviousConfigNames.class);
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        if (!name.startsWith(PREFIX)) {
            return value;
        }
        String previousName = PREVIOUS_PREFIX + name.substring(PREFIX.length());
        ConfigValue previous = context.proceed(previousName);
        if (previous == null || previous.getValue() == null
                || (value != null && value.getConfigSourceOrdinal() >= previous.getConfigSourceOrdinal())) {
            return value;
        }
        if (WARNED.add(previousName)) {
            LOG.warnf("Configuration %s is read for %s; the old name is read for one more release only",
                    previousName, name);
        }
        return previous.withName(name);
    }

    /** Old names listed under their new names too, so that map keys (sla.P1, ...) set only the old way are found. */
    @Override
    public Iterator<String> iterateNames(ConfigSourceInterceptorContext context) {
        Set<String> names = new LinkedHashSet<>();
        Iterator<String> all = context.iterateNames();
        while (all.hasNext()) {
            String name = all.next();
            names.add(name);
            if (name.startsWith(PREVIOUS_PREFIX)) {
                names.add(PREFIX + name.substring(PREVIOUS_PREFIX.length()));
            }
        }
        return names.iterator();
    }
}
