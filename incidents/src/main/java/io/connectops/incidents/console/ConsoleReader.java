package io.connectops.incidents.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.connectops.contracts.Severity;
import io.connectops.incidents.domain.Incident;
import io.connectops.incidents.domain.IncidentStatus;
import io.connectops.incidents.domain.LifecycleAction;
import io.connectops.incidents.domain.TimelineEntry;
import io.connectops.incidents.rest.QueryParams;
import io.connectops.incidents.service.IncidentCommands;
import io.connectops.incidents.service.IncidentService;
import io.connectops.incidents.service.ReviewService;
import io.connectops.incidents.service.Timeline;
import io.connectops.platform.problem.ProblemException;
import io.connectops.platform.rest.Page;
import io.connectops.platform.rest.PageRequest;
import io.connectops.platform.security.CurrentActor;

/** Reads what the console pages show, through the same queries as the API. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class ConsoleReader {

    /** The timeline entries an incident page shows, newest first; the API pages through the rest. */
    static final int TIMELINE_LIMIT = 500;

    @Inject
    IncidentService incidents;

    @Inject
    Timeline timeline;

    @Inject
    ReviewService reviews;

    @Inject
    CurrentActor actor;

    public IncidentListPage list(ListForm form) {
        int page = bounded("page", form.page, 0, 0, PageRequest.MAX_PAGE);
        int size = bounded("size", form.size, 50, 1, PageRequest.MAX_SIZE);
        List<IncidentStatus> statuses = QueryParams.enums("status", form.status, IncidentStatus.class);
        List<Severity> severities = QueryParams.enums("severity", form.severity, Severity.class);
        Instant from = day("createdFrom", form.createdFrom, false);
        Instant to = day("createdTo", form.createdTo, true);
        Page<Incident> found = incidents.list(new IncidentCommands.Filter(statuses, severities, form.queue, from, to,
                form.q), page, size);
        List<IncidentListPage.Row> rows = found.items().stream().map(IncidentListPage.Row::of).toList();
        String previous = page > 0 ? link(form, page - 1, size) : null;
        String next = (long) (page + 1) * size < found.total() ? link(form, page + 1, size) : null;
        return new IncidentListPage(rows, found.total(), page, size, IncidentListPage.options(form), text(form.queue),
                text(form.createdFrom), text(form.createdTo), text(form.q), previous, next, null);
    }

    /** The incident page; {@code csrf} goes into its forms (null for the timeline alone). */
    public IncidentPage incident(UUID id, boolean canAct, String csrf, ProblemException refused) {
        Incident incident = incidents.get(id);
        Page<TimelineEntry> entries = timeline.of(id, null, 0, TIMELINE_LIMIT);
        List<IncidentPage.Entry> newestFirst = new ArrayList<>(entries.items().stream()
                .map(IncidentPage.Entry::of).toList());
        Collections.reverse(newestFirst);
        List<IncidentPage.Entry> deliveries = newestFirst.stream()
                .filter(entry -> TimelineEntry.Kind.DELIVERY.name().equals(entry.kind())).toList();
        List<IncidentPage.AlertRow> alerts = incidents.alertsOf(id).stream().map(IncidentPage.AlertRow::of).toList();
        ReviewService.Review review = reviews.readSoFar(id);
        List<String> actions = canAct ? LifecycleAction.allowedFor(incident) : List.of();
        if (canAct && incident.status != IncidentStatus.CANCELLED && incident.status != IncidentStatus.CLOSED) {
            actions = new ArrayList<>(actions);
            actions.add(IncidentPage.REVIEW);
        }
        long lastEntry = entries.items().stream().map(entry -> entry.id).max(Comparator.naturalOrder()).orElse(0L);
        return IncidentPage.of(incident, actions, canAct, newestFirst, entries.total(), alerts, deliveries,
                IncidentPage.ReviewRow.of(review.review(), review.preventiveActions()), actor.get().name(),
                incident.updatedAt.toEpochMilli() + "-" + lastEntry, csrf, refused);
    }

    private static int bounded(String name, String value, int fallback, int min, int max) {
        String text = text(value);
        if (text == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(text);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // Refused below with the bounds.
        }
        throw ProblemException.invalid(name, "must be a whole number from " + min + " to " + max);
    }

    /** A date input sends a day; the API's instants are accepted too. A day "to" includes that whole day. */
    private static Instant day(String name, String value, boolean endOfDay) {
        String text = text(value);
        if (text == null) {
            return null;
        }
        try {
            LocalDate day = LocalDate.parse(text);
            return (endOfDay ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException notADay) {
            try {
                return QueryParams.instant(name, text);
            } catch (ProblemException notAnInstant) {
                throw ProblemException.invalid(name, "must be a day such as 2026-11-22 or an instant");
            }
        }
    }

    private static String link(ListForm form, int page, int size) {
        StringBuilder query = new StringBuilder("/incidents?page=").append(page).append("&size=").append(size);
        if (form.status != null) {
            form.status.forEach(status -> append(query, "status", status));
        }
        if (form.severity != null) {
            form.severity.forEach(severity -> append(query, "severity", severity));
        }
        append(query, "queue", form.queue);
        append(query, "createdFrom", form.createdFrom);
        append(query, "createdTo", form.createdTo);
        append(query, "q", form.q);
        return query.toString();
    }

    private static void append(StringBuilder query, String name, String value) {
        if (value != null && !value.isBlank()) {
            query.append('&').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }

    static String text(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
