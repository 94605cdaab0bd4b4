package io.connectops.ingest.alarms;

import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.connectops.contracts.Severity;

/**
 * The severity of a CloudWatch alarm, which has no severity of its own: the configured alarm-name prefixes first
 * (the longest that matches wins, e.g. {@code connect-critical-} → P1), then a tag in the alarm's description
 * ({@code severity=P2}, {@code severity: P2} or {@code [P2]}), else none (alerting applies its default).
 */
public final class AlarmSeverity {

    private static final Pattern TAG = Pattern.compile("(?i)(?:\\bseverity\\s*[=:]\\s*|\\[)(P[1-4])\\b\\]?");

    private final Map<String, Severity> byNamePrefix;
    private final boolean fromDescription;

    public AlarmSeverity(Map<String, Severity> byNamePrefix, boolean fromDescription) {
        this.byNamePrefix = Map.copyOf(byNamePrefix);
        this.fromDescription = fromDescription;
    }

    public Optional<Severity> of(String alarmName, String description) {
        Optional<Severity> byName = byNamePrefix.entrySet().stream()
                .filter(rule -> alarmName.startsWith(rule.getKey()))
                .max(Comparator.comparingInt(rule -> rule.getKey().length()))
                .map(Map.Entry::getValue);
        if (byName.isPresent() || !fromDescription || description == null) {
            return byName;
        }
        Matcher tag = TAG.matcher(description);
        return tag.find() ? Optional.of(Severity.valueOf(tag.group(1).toUpperCase())) : Optional.empty();
    }
}
