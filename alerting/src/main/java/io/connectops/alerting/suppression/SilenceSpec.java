package io.connectops.alerting.suppression;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A silence as muting sees it: immutable, without its bookkeeping. */
public record SilenceSpec(String id, List<LabelMatcher> matchers, Instant startsAt, Instant endsAt) {

    public SilenceSpec {
        matchers = List.copyOf(matchers);
    }

    public boolean isActiveAt(Instant at) {
        return !at.isBefore(startsAt) && at.isBefore(endsAt);
    }

    public boolean matches(Map<String, String> labels) {
        return matchers.stream().allMatch(matcher -> matcher.matches(labels));
    }
}
