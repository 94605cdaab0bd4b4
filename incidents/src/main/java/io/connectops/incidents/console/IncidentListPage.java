package io.connectops.incidents.console;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.connectops.contracts.Severity;
import io.connectops.incidents.domain.Incident;
import io.connectops.incidents.domain.IncidentStatus;
import io.connectops.platform.problem.ProblemException;
import io.quarkus.qute.TemplateData;

/** The incident list page: one page of incidents, the filters as they were asked, links to the pages around. */
@TemplateData
public record IncidentListPage(List<Row> rows, long total, int page, int size, Filters filters, String queue,
        String createdFrom, String createdTo, String q, String previousLink, String nextLink, String error) {

    /** The page number people read: the first page is 1. */
    public int pageNumber() {
        return page + 1;
    }

    /** One incident in the list. */
    @TemplateData
    public record Row(String id, String reference, String title, String status, String severity, String queues,
            String createdAt, String acknowledgedBy) {

        static Row of(Incident incident) {
            return new Row(incident.id.toString(), incident.reference(), incident.title, incident.status.name(),
                    incident.severity.name(), String.join(", ", incident.queues),
                    ConsoleTimes.format(incident.createdAt), incident.acknowledgedByName);
        }
    }

    /** A checkbox of the status or severity filter. */
    @TemplateData
    public record Option(String value, boolean checked) {
    }

    @TemplateData
    public record Filters(List<Option> statuses, List<Option> severities) {
    }

    static Filters options(ListForm form) {
        return new Filters(checked(Arrays.stream(IncidentStatus.values()).map(Enum::name).toList(), form.status),
                checked(Arrays.stream(Severity.values()).map(Enum::name).toList(), form.severity));
    }

    private static List<Option> checked(List<String> values, List<String> asked) {
        List<String> chosen = asked == null ? List.of()
                : asked.stream().filter(v -> v != null).map(v -> v.trim().toUpperCase(Locale.ROOT)).toList();
        return values.stream().map(value -> new Option(value, chosen.contains(value))).toList();
    }

    /** The list page with no incidents and why the filters were refused. */
    static IncidentListPage refused(ListForm form, ProblemException problem) {
        return new IncidentListPage(List.of(), 0, 0, 0, options(form), ConsoleReader.text(form.queue),
                ConsoleReader.text(form.createdFrom), ConsoleReader.text(form.createdTo), ConsoleReader.text(form.q),
                null, null, IncidentPage.reasonOf(problem));
    }
}
