package io.connectops.alerting.service;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.connectops.alerting.domain.Alert;
import io.connectops.alerting.domain.AlertHistoryEntry;
import io.connectops.contracts.AlertEvent;
import io.connectops.contracts.Severity;
import io.connectops.platform.problem.ProblemException;
import io.connectops.platform.rest.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;

@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class AlertService {

    /** The filters of GET /api/v1/alerts; null fields do not filter. */
    public record AlertFilter(AlertEvent.State state, Severity severity, String instanceId, String queueId,
            String ruleId) {
    }

    public Page<Alert> find(AlertFilter filter, int page, int size) {
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters parameters = new Parameters();
        and(query, parameters, "state", filter.state());
        and(query, parameters, "severity", filter.severity());
        and(query, parameters, "instanceId", filter.instanceId());
        and(query, parameters, "queueId", filter.queueId());
        and(query, parameters, "ruleId", filter.ruleId());
        var found = Alert.<Alert>find(query.toString(), Sort.descending("changedAt").and("fingerprint"), parameters);
        return new Page<>(found.page(page, size).list(), page, size, found.count());
    }

    public Alert get(String fingerprint) {
        return Optional.ofNullable(Alert.<Alert>findById(fingerprint))
                .orElseThrow(() -> ProblemException.notFound("Alert", fingerprint));
    }

    /** Every transition of an alert in event-time order, the suppressed ones included. */
    public Page<AlertHistoryEntry> history(String fingerprint, int page, int size) {
        get(fingerprint);
        var found = AlertHistoryEntry.<AlertHistoryEntry>find("fingerprint", Sort.by("occurredAt").and("id"), fingerprint);
        List<AlertHistoryEntry> entries = found.page(page, size).list();
        return new Page<>(entries, page, size, found.count());
    }

    private static void and(StringBuilder query, Parameters parameters, String field, Object value) {
        if (value != null) {
            query.append(" and ").append(field).append(" = :").append(field);
            parameters.and(field, value);
        }
    }
}
