package io.connectops.alerting.suppression;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

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
    public SilenceView create(SilenceDraft draft, Actor author) {
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
        return SilenceView.of(silence);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public SilenceView get(String id) {
        return SilenceView.of(silence(id));
    }

    /** Silences, newest first; {@code active} keeps those in force now (true) or not (false). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<SilenceView> find(Boolean active, int page, int size) {
        String query = "1 = 1";
        Parameters parameters = new Parameters();
        if (active != null) {
            query = active ? "startsAt <= :now and endsAt > :now" : "(startsAt > :now or endsAt <= :now)";
            parameters.and("now", Instant.now());
        }
        var found = Silence.<Silence>find(query, Sort.descending("createdAt"), parameters);
        return new Page<>(found.page(page, size).list(), page, size, found.count()).map(SilenceView::of);
    }

    /** Ends a silence now; a silence that has already ended cannot be expired again. */
    @Transactional
    public SilenceView expire(String id) {
        Silence silence = silence(id);
        Instant now = Instant.now();
        if (!silence.endsAt.isAfter(now)) {
            throw ProblemException.illegalTransition("silence", "EXPIRED", ACTION_EXPIRE, List.of());
        }
        silence.endsAt = now.isBefore(silence.startsAt) ? silence.startsAt : now;
        silence.updatedAt = now;
        return SilenceView.of(silence);
    }

    private static Silence silence(String id) {
        return Optional.ofNullable(Silence.<Silence>findById(id)).orElseThrow(() -> ProblemException.notFound("Silence", id));
    }

    /** The silences still in force at or after {@code from} (event time), for a {@link SilenceMuter}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<SilenceSpec> inForceFrom(Instant from) {
        return Silence.<Silence>list("endsAt > ?1", from).stream().map(Silence::toSpec).toList();
    }

    /** Whether a silence has ended (or was expired, or deleted) by {@code now}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean ended(String id, Instant now) {
        Silence silence = Silence.findById(id);
        return silence == null || !silence.endsAt.isAfter(now);
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
