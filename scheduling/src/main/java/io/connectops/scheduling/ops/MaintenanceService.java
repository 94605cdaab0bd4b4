package io.connectops.scheduling.ops;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.MaintenanceWindowEvent;
import io.connectops.contracts.MaintenanceWindowEvent.Change;
import io.connectops.contracts.Topics;
import io.connectops.platform.outbox.Outbox;
import io.connectops.platform.problem.ProblemException;
import io.connectops.platform.rest.Page;
import io.connectops.platform.rest.PageRequest;
import io.connectops.platform.security.CurrentActor;
import io.connectops.scheduling.common.Ids;
import io.connectops.scheduling.common.Pages;
import io.connectops.scheduling.common.SchedulingEvents;
import io.connectops.scheduling.common.TimeBounds;
import io.connectops.scheduling.forecast.Forecast;
import io.connectops.scheduling.ops.MaintenanceWindow.Status;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;

/**
 * Maintenance windows: SCHEDULED → ANNOUNCED (lead time before start) → IN_PROGRESS → ENDED → DOCUMENTED, or
 * CANCELLED before they start. Each time-driven step is a conditional update on the current status, so with two
 * instances only one wins and the event is written once.
 */
@ApplicationScoped
public class MaintenanceService {

    @Inject
    Outbox outbox;

    @Inject
    EntityManager entityManager;

    @Inject
    CurrentActor currentActor;

    /** A candidate slot and the contacts the forecast expects in it. */
    public record SlotSuggestion(Instant startsAt, Instant endsAt, double forecastContacts) {
    }

    @Transactional
    public WindowView create(MaintenanceWindowDraft request, Instant now) {
        TimeBounds.check("startsAt", request.startsAt());
        TimeBounds.check("endsAt", request.endsAt());
        if (!request.endsAt().isAfter(request.startsAt())) {
            throw ProblemException.invalid("endsAt", "must be after startsAt");
        }
        if (request.instanceIds().isEmpty() && request.queueIds().isEmpty()) {
            throw ProblemException.invalid("instanceIds", "name at least one instance or queue");
        }
        if (request.startsAt().minusSeconds(request.leadTimeMinutes() * 60L).isBefore(now)) {
            throw ProblemException.invalid("startsAt", "must be at least the lead time (" + request.leadTimeMinutes()
                    + " min) from now, so that stakeholders are told in advance");
        }
        MaintenanceWindow window = new MaintenanceWindow();
        window.id = UUID.randomUUID();
        window.title = request.title();
        window.description = request.description();
        window.instanceIds = List.copyOf(new LinkedHashSet<>(request.instanceIds()));
        window.queueIds = List.copyOf(new LinkedHashSet<>(request.queueIds()));
        window.startsAt = request.startsAt();
        window.endsAt = request.endsAt();
        window.owner = request.owner();
        window.leadTimeMinutes = request.leadTimeMinutes();
        window.status = Status.SCHEDULED;
        window.createdBy = currentActor.get().id();
        window.createdAt = now;
        window.persist();
        return WindowView.of(window);
    }

    /** Moves every window whose time has come one step on, publishing each step once. */
    @Transactional
    public int advance(Instant now) {
        int steps = 0;
        for (MaintenanceWindow window : MaintenanceWindow.<MaintenanceWindow>list(
                "status in ?1", List.of(Status.SCHEDULED, Status.ANNOUNCED, Status.IN_PROGRESS))) {
            if (window.status == Status.SCHEDULED && !now.isBefore(window.announceAt())) {
                steps += step(window, Status.SCHEDULED, Status.ANNOUNCED, "announcedAt", now, Change.ANNOUNCED);
            }
            if (window.status == Status.ANNOUNCED && !now.isBefore(window.startsAt)) {
                steps += step(window, Status.ANNOUNCED, Status.IN_PROGRESS, "startedAt", now, Change.STARTED);
            }
            if (window.status == Status.IN_PROGRESS && !now.isBefore(window.endsAt)) {
                steps += step(window, Status.IN_PROGRESS, Status.ENDED, "endedAt", now, Change.ENDED);
            }
        }
        return steps;
    }

    private int step(MaintenanceWindow window, Status from, Status to, String timestampField, Instant now,
            Change change) {
        int claimed = MaintenanceWindow.update("status = ?1, " + timestampField + " = ?2 where id = ?3 and status = ?4",
                to, now, window.id, from);
        if (claimed == 0) {
            return 0;
        }
        window.status = to;
        publish(window, change);
        return 1;
    }

    private void publish(MaintenanceWindow window, Change change) {
        MaintenanceWindowEvent event = new MaintenanceWindowEvent(window.id.toString(), change, window.title,
                window.description, window.instanceIds, window.queueIds, window.startsAt, window.endsAt, window.owner,
                window.outcome);
        outbox.publish(Topics.MAINTENANCE, window.id.toString(),
                CloudEvent.of(SchedulingEvents.SOURCE, event.type(), window.id.toString(), event));
    }

    @Transactional
    public WindowView cancel(String id) {
        MaintenanceWindow window = find(id);
        // Claimed from the state last read, with a conditional update: the clock may announce or start the window
        // meanwhile, and then the claim misses and is tried from the new state (states only move forwards), so a
        // window is never both started and cancelled.
        for (int attempt = 0; attempt < Status.values().length; attempt++) {
            Status current = window.status;
            if (current != Status.SCHEDULED && current != Status.ANNOUNCED) {
                break;
            }
            int claimed = MaintenanceWindow.update("status = ?1 where id = ?2 and status = ?3", Status.CANCELLED,
                    window.id, current);
            entityManager.refresh(window);
            if (claimed == 1) {
                if (current == Status.ANNOUNCED) {
                    // Stakeholders were told it would happen; they are told it will not.
                    publish(window, Change.CANCELLED);
                }
                return WindowView.of(window);
            }
        }
        throw ProblemException.illegalTransition("maintenance window", window.status, "cancel",
                window.status.allowedActions());
    }

    @Transactional
    public WindowView document(String id, String outcome) {
        MaintenanceWindow window = find(id);
        // Of two requests racing to document, one wins and the other gets 409.
        int claimed = MaintenanceWindow.update("outcome = ?1, documentedBy = ?2, status = ?3 where id = ?4 and status = ?5",
                outcome, currentActor.get().id(), Status.DOCUMENTED, window.id, Status.ENDED);
        entityManager.refresh(window);
        if (claimed == 0) {
            throw ProblemException.illegalTransition("maintenance window", window.status, "document",
                    window.status.allowedActions());
        }
        return WindowView.of(window);
    }

    @Transactional
    public WindowView get(String id) {
        return WindowView.of(find(id));
    }

    @Transactional
    public Page<WindowView> list(String status, String queueId, PageRequest page) {
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters parameters = new Parameters();
        if (status != null) {
            try {
                parameters.and("status", Status.valueOf(status));
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalid("status", "is not a maintenance window status");
            }
            query.append(" and status = :status");
        }
        PanacheQuery<MaintenanceWindow> found = MaintenanceWindow.find(query.toString(),
                Sort.by("startsAt").descending().and("id"), parameters);
        if (queueId != null) {
            List<MaintenanceWindow> matching = found.list().stream().filter(w -> w.queueIds.contains(queueId)).toList();
            return new Page<>(Pages.slice(matching, page).stream().map(WindowView::of).toList(), page.page(),
                    page.size(), matching.size());
        }
        return new Page<>(found.page(page.page(), page.size()).list().stream().map(WindowView::of).toList(),
                page.page(), page.size(), found.count());
    }

    /**
     * Windows running now and those still to come, soonest first: what a supervisor plans the day around. A window
     * past its end is over, whether or not the clock has marked it ended yet.
     */
    @Transactional
    public List<WindowView> upcoming(Instant now, int limit) {
        return MaintenanceWindow.<MaintenanceWindow>find("status in ?1 and endsAt > ?2", Sort.by("startsAt").and("id"),
                List.of(Status.SCHEDULED, Status.ANNOUNCED, Status.IN_PROGRESS), now)
                .page(0, limit).list().stream().map(WindowView::of).toList();
    }

    /**
     * Slides a window of the asked length over the latest forecast of each queue (summed) and returns the quietest
     * non-overlapping slots, quietest first.
     */
    @Transactional
    public List<SlotSuggestion> suggestions(List<String> queueIds, int durationMinutes, Instant from, Instant to,
            int count) {
        TimeBounds.check("from", from);
        TimeBounds.check("to", to);
        Map<Instant, Double> contacts = new HashMap<>();
        int intervalSeconds = 0;
        for (String queueId : queueIds) {
            Forecast forecast = Forecast.<Forecast>find("queueId", Sort.by("createdAt").descending(), queueId)
                    .firstResult();
            if (forecast == null) {
                throw ProblemException.conflict("queue " + queueId + " has no forecast to find quiet slots in");
            }
            if (intervalSeconds != 0 && intervalSeconds != forecast.intervalSeconds) {
                throw ProblemException.invalid("queueId", "the queues' forecasts have different interval lengths");
            }
            intervalSeconds = forecast.intervalSeconds;
            for (int i = 0; i < forecast.contacts.length; i++) {
                contacts.merge(forecast.intervalStart(i), forecast.contacts[i], Double::sum);
            }
        }
        long length = (long) Math.ceil(durationMinutes * 60.0 / intervalSeconds);
        List<Instant> starts = contacts.keySet().stream()
                .filter(t -> (from == null || !t.isBefore(from)) && (to == null || t.isBefore(to)))
                .sorted().toList();
        List<SlotSuggestion> candidates = new ArrayList<>();
        for (Instant start : starts) {
            double total = 0;
            boolean complete = true;
            for (int k = 0; k < length && complete; k++) {
                Double value = contacts.get(start.plusSeconds(k * (long) intervalSeconds));
                complete = value != null;
                total += complete ? value : 0;
            }
            if (complete) {
                candidates.add(new SlotSuggestion(start, start.plusSeconds(durationMinutes * 60L), total));
            }
        }
        candidates.sort((a, b) -> a.forecastContacts() != b.forecastContacts()
                ? Double.compare(a.forecastContacts(), b.forecastContacts()) : a.startsAt().compareTo(b.startsAt()));
        List<SlotSuggestion> chosen = new ArrayList<>();
        for (SlotSuggestion candidate : candidates) {
            boolean overlaps = chosen.stream().anyMatch(c -> c.startsAt().isBefore(candidate.endsAt())
                    && candidate.startsAt().isBefore(c.endsAt()));
            if (!overlaps) {
                chosen.add(candidate);
                if (chosen.size() == count) {
                    break;
                }
            }
        }
        return chosen;
    }

    private MaintenanceWindow find(String id) {
        MaintenanceWindow window = MaintenanceWindow.findById(Ids.inPath("maintenance window", id));
        if (window == null) {
            throw ProblemException.notFound("maintenance window", id);
        }
        return window;
    }

}
