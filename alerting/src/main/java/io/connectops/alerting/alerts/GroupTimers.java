package io.connectops.alerting.alerts;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.connectops.alerting.config.AlertingConfig;
import io.connectops.alerting.rules.RuleSpec;

/** The grouping timers of a rule's alerts: the rule's own, or the service's defaults. */
@ApplicationScoped
public class GroupTimers {

    @Inject
    AlertingConfig config;

    /** The rule's own, else the service-wide wait when one is set, else the wait of the rule's severity. */
    public Duration groupWait(RuleSpec rule) {
        if (rule.groupWait() != null) {
            return rule.groupWait();
        }
        return config.grouping().groupWait().orElseGet(() -> config.grouping().groupWaitBySeverity()
                .of(rule.severity()));
    }

    /** Whether a new group of this rule's alerts is announced as soon as it is recorded, without a group wait. */
    public boolean announcedAtOnce(RuleSpec rule) {
        return groupWait(rule).isZero();
    }

    public Duration groupInterval(RuleSpec rule) {
        return rule.groupInterval() != null ? rule.groupInterval() : config.grouping().groupInterval();
    }

    public Duration repeatInterval(RuleSpec rule) {
        return rule.repeatInterval() != null ? rule.repeatInterval() : config.grouping().repeatInterval();
    }
}
