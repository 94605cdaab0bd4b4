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

    public Duration groupWait(RuleSpec rule) {
        return rule.groupWait() != null ? rule.groupWait() : config.grouping().groupWait();
    }

    public Duration groupInterval(RuleSpec rule) {
        return rule.groupInterval() != null ? rule.groupInterval() : config.grouping().groupInterval();
    }

    public Duration repeatInterval(RuleSpec rule) {
        return rule.repeatInterval() != null ? rule.repeatInterval() : config.grouping().repeatInterval();
    }
}
