package io.connectops.alerting.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.connectops.alerting.domain.LabelMatcher;
import io.connectops.alerting.domain.Silence;
import io.connectops.contracts.Actor;
import io.connectops.contracts.MaintenanceWindowEvent;
import io.connectops.platform.problem.ProblemException;
import io.connectops.platform.rest.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;

@ApplicationScoped
public class SilenceService {

    public static final String ACTION_EXPIRE = "expire";

    @Transactional
    public Silence create(SilenceDraft draft, Actor author) {
        Instant now = Instant.now();
        Instant startsAt = draft.startsAt() == null ? now : draft.startsAt();
        if (!draft.endsAt().isAfter(startsAt)) {
            throw ProblemException.invalid("endsAt", "must be after startsAt");
        }
        if (!draft.endsAt().isAfter(now)) {
            throw ProblemException.invalid("endsAt", "must be in the future");
        }
        Silence silence = new Silence();
        silence.id = UUID.randomUUID().toString();
        silence.matchers = new ArrayList<>(draft.matchers());
        silence.startsAt = startsAt;
        silence.endsAt = draft.endsAt();
        silence.comment = draft.comment();
        silence.createdBy = author.name() == null ? author.id() : author.name();
        silence.createdAt = now;
        silence.updatedAt = now;
        silence.persist();
        return silence;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Silence get(String id) {
        return Optional.ofNullable(Silence.<Silence>findById(id)).orElseThrow(() -> ProblemException.notFound("Silence", id));
    }

    /** Silences, newest first; {@code active} keeps those in force now (true) or not (false). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<Silence> find(Boolean active, int page, int size) {
        String query = "1 = 1";
        Parameters parameters = new Parameters();
        if (active != null) {
            query = active ? "startsAt <= :now and endsAt > :now" : "(startsAt > :now or endsAt <= :now)";
            parameters.and("now", Instant.now());
        }
        var found = Silence.<Silence>find(query, Sort.descending("createdAt"), parameters);
        return new Page<>(found.page(page, size).list(), page, size, found.count());
    }

    /** Ends a silence now; a silence that has already ended cannot be expired again. */
    @Transactional
    public Silence expire(String id) {
        Silence silence = get(id);
        Instant now = Instant.now();
        if (!silence.endsAt.isAfter(now)) {
            throw ProblemException.illegalTransition("silence", "EXPIRED", ACTION_EXPIRE, List.of());
        }
        silence.endsAt = now.isBefore(silence.startsAt) ? silence.startsAt : now;
        silence.updatedAt = now;
        return silence;
    }

    /** The silence matching these labels at that (event) time, if any. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Silence> silencing(Map<String, String> labels, Instant at) {
        return Silence.<Silence>list("startsAt <= ?1 and endsAt > ?1", at).stream()
                .filter(silence -> silence.matches(labels))
                .findFirst();
    }

    /**
     * A maintenance window is a silence over its instances and queues for its planned time; ending or cancelling it
     * ends the silence at the time of that event.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void applyMaintenance(MaintenanceWindowEvent window, Instant eventTime) {
        Silence silence = Silence.<Silence>find("maintenanceWindowId", window.windowId()).firstResult();
        Instant now = Instant.now();
        switch (window.change()) {
            case ANNOUNCED:
            case STARTED:
                if (silence == null) {
                    silence = new Silence();
                    silence.id = "maintenance-" + UUID.randomUUID();
                    silence.maintenanceWindowId = window.windowId();
                    silence.createdBy = window.owner() == null ? "scheduling" : window.owner();
                    silence.createdAt = now;
                }
                List<LabelMatcher> matchers = new ArrayList<>();
                if (!window.instanceIds().isEmpty()) {
                    matchers.add(new LabelMatcher("instanceId", window.instanceIds()));
                }
                if (!window.queueIds().isEmpty()) {
                    matchers.add(new LabelMatcher("queueId", window.queueIds()));
                }
                silence.matchers = matchers;
                silence.startsAt = window.change() == MaintenanceWindowEvent.Change.STARTED && window.startsAt() == null
                        ? eventTime : window.startsAt();
                silence.endsAt = window.endsAt();
                silence.comment = "Maintenance window: " + window.title();
                silence.updatedAt = now;
                if (!silence.isPersistent()) {
                    silence.persist();
                }
                break;
            default:
                if (silence != null && silence.endsAt.isAfter(eventTime)) {
                    silence.endsAt = eventTime.isBefore(silence.startsAt) ? silence.startsAt : eventTime;
                    silence.updatedAt = now;
                }
                break;
        }
    }
}
