package io.connectops.alerting.alerts;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.connectops.contracts.AlertEvent;
import io.connectops.platform.problem.ProblemException;
import io.connectops.platform.rest.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;

@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class AlertService {

    public Page<AlertView> find(AlertFilter filter, int page, int size) {
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters parameters = new Parameters();
        and(query, parameters, "state", filter.state());
        and(query, parameters, "severity", filter.severity());
        and(query, parameters, "instanceId", filter.instanceId());
        and(query, parameters, "queueId", filter.queueId());
        and(query, parameters, "ruleId", filter.ruleId());
        var found = Alert.<Alert>find(query.toString(), Sort.descending("changedAt").and("fingerprint"), parameters);
        return new Page<>(found.page(page, size).list(), page, size, found.count()).map(AlertView::of);
    }

    public AlertView get(String fingerprint) {
        return AlertView.of(alert(fingerprint));
    }

    public Optional<AlertView> find(String fingerprint) {
        return Optional.ofNullable(Alert.<Alert>findById(fingerprint)).map(AlertView::of);
    }

    /** Every transition of an alert in event-time order, the suppressed ones included. */
    public Page<AlertHistoryView> history(String fingerprint, int page, int size) {
        alert(fingerprint);
        var found = AlertHistoryEntry.<AlertHistoryEntry>find("fingerprint", Sort.by("occurredAt").and("id"), fingerprint);
        return new Page<>(found.page(page, size).list(), page, size, found.count()).map(AlertHistoryView::of);
    }

    /** Whether an alert fires and is itself unmuted: only then does it inhibit others. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firesUnmuted(String fingerprint) {
        Alert alert = Alert.findById(fingerprint);
        return alert != null && alert.state == AlertEvent.State.FIRING && alert.suppressedBy == null;
    }

    private static Alert alert(String fingerprint) {
        return Optional.ofNullable(Alert.<Alert>findById(fingerprint))
                .orElseThrow(() -> ProblemException.notFound("Alert", fingerprint));
    }

    private static void and(StringBuilder query, Parameters parameters, String field, Object value) {
        if (value != null) {
            query.append(" and ").append(field).append(" = :").append(field);
            parameters.and(field, value);
        }
    }
}
