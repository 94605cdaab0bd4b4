package io.connectops.incidents.console;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import io.connectops.contracts.Actor;
import io.connectops.contracts.Severity;
import io.connectops.incidents.service.IncidentCommands;
import io.connectops.incidents.service.IncidentService;
import io.connectops.incidents.service.ReviewService;
import io.connectops.platform.problem.Problem;
import io.connectops.platform.problem.ProblemException;

/**
 * Turns a console form into the command the API takes for the same step, validates it the same way, and runs it
 * through the same service: the console can do nothing the API would refuse.
 */
@ApplicationScoped
public class ConsoleActions {

    @Inject
    IncidentService incidents;

    @Inject
    ReviewService reviews;

    @Inject
    Validator validator;

    public void run(UUID id, String action, ActionForm form, Actor actor) {
        switch (action) {
            case "acknowledge" -> incidents.acknowledge(id, actor);
            case "assess" -> incidents.assess(id, valid(new IncidentCommands.Assess(severity(form.severity),
                    text(form.impact), text(form.summary), text(form.commander))), actor);
            case "mitigate" -> incidents.mitigate(id, valid(new IncidentCommands.Mitigate(text(form.mitigation))),
                    actor);
            case "resolve" -> incidents.resolve(id, valid(new IncidentCommands.Resolve(text(form.resolution))),
                    actor);
            case "start-review" -> incidents.startReview(id, valid(new IncidentCommands.OptionalNote(text(form.note))),
                    actor);
            case "close" -> incidents.close(id, valid(new IncidentCommands.OptionalNote(text(form.note))), actor);
            case "cancel" -> incidents.cancel(id, valid(new IncidentCommands.Reason(text(form.reason))), actor);
            case "reopen" -> incidents.reopen(id, valid(new IncidentCommands.Reason(text(form.reason))), actor);
            case "severity" -> incidents.changeSeverity(id, valid(new IncidentCommands.ChangeSeverity(
                    severity(form.severity), text(form.reason))), actor);
            case "review" -> reviews.write(id, valid(reviewOf(form)), actor);
            default -> throw ProblemException.notFound("Console action", action);
        }
    }

    private static ReviewService.ReviewDraft reviewOf(ActionForm form) {
        List<String> factors = form.contributingFactors == null ? List.of()
                : Arrays.stream(form.contributingFactors.split("\\R")).map(String::trim).filter(s -> !s.isEmpty())
                        .toList();
        List<ReviewService.PreventiveDraft> preventive = new ArrayList<>();
        List<String> descriptions = form.actionDescription == null ? List.of() : form.actionDescription;
        for (int i = 0; i < descriptions.size(); i++) {
            String description = text(descriptions.get(i));
            if (description == null) {
                continue;
            }
            preventive.add(new ReviewService.PreventiveDraft(null, description, text(at(form.actionOwner, i)),
                    date(at(form.actionDueDate, i))));
        }
        return new ReviewService.ReviewDraft(text(form.summary), text(form.rootCause), factors, null, null,
                text(form.wentWell), text(form.wentBadly), preventive);
    }

    private <T> T valid(T command) {
        Set<ConstraintViolation<T>> violations = validator.validate(command);
        if (!violations.isEmpty()) {
            throw ProblemException.invalid(violations.stream()
                    .map(v -> new Problem.FieldError(v.getPropertyPath().toString(), v.getMessage()))
                    .sorted(Comparator.comparing(Problem.FieldError::field)).toList());
        }
        return command;
    }

    private static Severity severity(String value) {
        String text = text(value);
        if (text == null) {
            return null;
        }
        try {
            return Severity.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("severity", "must be one of " + List.of(Severity.values()));
        }
    }

    private static LocalDate date(String value) {
        String text = text(value);
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid("preventiveActions.dueDate", "must be a date such as 2026-12-31");
        }
    }

    private static String at(List<String> values, int index) {
        return values == null || index >= values.size() ? null : values.get(index);
    }

    /** Blank form fields are absent: the command's own constraints then say which are required. */
    private static String text(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
