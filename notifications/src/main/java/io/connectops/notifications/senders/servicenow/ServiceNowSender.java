package io.connectops.notifications.senders.servicenow;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

import io.connectops.contracts.AlertEvent;
import io.connectops.contracts.EventCodec;
import io.connectops.contracts.IncidentEvent;
import io.connectops.contracts.Severity;
import io.connectops.notifications.content.MessageContent;
import io.connectops.notifications.senders.ChannelSender;
import io.connectops.notifications.senders.ChannelType;
import io.connectops.notifications.senders.HttpCalls;
import io.connectops.notifications.senders.SendJob;
import io.connectops.notifications.senders.SendResult;

/**
 * ServiceNow Table API: one {@code incident} record per Connect Ops incident (or alert), found again by its
 * {@code sys_id}, created with our id in {@code correlation_id} and impact/urgency from the severity, moved through
 * the state codes (1 New, 2 In Progress, 6 Resolved with {@code close_code}/{@code close_notes}, 7 Closed,
 * 8 Canceled) and given a work note per change. A lookup by {@code correlation_id} (after a lost answer) checks
 * every row it gets back, because ServiceNow ignores query terms it does not understand; a resolution never creates
 * a record. Each work note ends in the delivery's marker; when the last attempt of a delivery may have arrived
 * unrecorded, the record's journal ({@code sys_journal_field}) is searched for it before anything is written again.
 */
@ApplicationScoped
public class ServiceNowSender implements ChannelSender {

    static final String TABLE = "/api/now/table/incident";
    static final String JOURNAL = "/api/now/table/sys_journal_field";
    /** The {@code close_code} of a resolution when the channel sets no {@code closeCode}. */
    static final String CLOSE_CODE = "Solved (Permanently)";
    /** How every delivery marker starts; a work note carrying one was written by Connect Ops. */
    static final String MARKER_PREFIX = "[connectops delivery ";

    @Inject
    HttpCalls http;

    @Override
    public ChannelType type() {
        return ChannelType.SERVICENOW;
    }

    /** Our key on the ServiceNow record. */
    public static String correlationId(String threadKey) {
        return "connectops:" + threadKey;
    }

    /** A work note in doubt is looked for in the incident's journal before it is written again. */
    @Override
    public boolean looksForEarlierAttempts(SendJob.ChannelSnapshot channel) {
        return true;
    }

    @Override
    public SendResult send(SendJob job) {
        SendJob.ChannelSnapshot channel = job.channel();
        String password = channel.secret("password");
        if (password == null) {
            return SendResult.failed(null, "ServiceNow channel has no password");
        }
        String instance = trimSlash(channel.setting("instanceUrl"));
        String table = instance + TABLE;
        String basic = "Basic " + Base64.getEncoder()
                .encodeToString((channel.setting("username") + ":" + password).getBytes(StandardCharsets.UTF_8));
        Map<String, String> auth = Map.of("Authorization", basic);
        List<String> secrets = List.of(password, basic.substring(6));
        if (job.isTest()) {
            HttpCalls.Reply reply = http.send("GET", table + "?sysparm_limit=1&sysparm_fields=sys_id", auth, null, secrets);
            return reply.ok() ? SendResult.delivered(reply.status(), null, null, "ServiceNow accepted the credentials")
                    : reply.failure();
        }
        Change change = change(job.event(), closeCode(channel));
        if (change == null) {
            return SendResult.delivered(null, null, null, "Skipped: ServiceNow records incidents and alerts only");
        }
        if (change.fromOutside) {
            return SendResult.delivered(null, null, null,
                    "Skipped: a change made outside Connect Ops is not written back to ServiceNow");
        }
        String correlationId = correlationId(job.threadKey());
        String sysId = job.thread() == null ? null : job.thread().parentRef();
        String number = job.thread() == null ? null : job.thread().externalNumber();
        if (sysId == null) {
            String query = table + "?sysparm_query=" + URLEncoder.encode("correlation_id=" + correlationId, StandardCharsets.UTF_8)
                    + "&sysparm_fields=sys_id,number,state,correlation_id&sysparm_limit=10";
            HttpCalls.Reply found = http.send("GET", query, auth, null, secrets);
            if (!found.ok()) {
                return found.failure();
            }
            for (JsonNode row : read(found).path("result")) {
                // Only a row that really carries our key counts: an ignored query term would match everything.
                if (correlationId.equals(row.path("correlation_id").asText())) {
                    sysId = row.path("sys_id").asText();
                    number = row.path("number").asText();
                    break;
                }
            }
        }
        if (sysId != null && job.unconfirmedSince() != null && job.deliveryId() != null) {
            HttpCalls.Reply found = http.send("GET", instance + JOURNAL + "?sysparm_query="
                    + URLEncoder.encode("element_id=" + sysId + "^element=work_notes^valueLIKE" + marker(job),
                            StandardCharsets.UTF_8)
                    + "&sysparm_fields=element_id,element,value&sysparm_limit=10", auth, null, secrets);
            if (!found.ok()) {
                return found.failure();
            }
            for (JsonNode row : read(found).path("result")) {
                // As with correlation_id: only a row that really carries the marker counts.
                if (sysId.equals(row.path("element_id").asText()) && row.path("value").asText().contains(marker(job))) {
                    return SendResult.delivered(found.status(), number, new SendJob.Thread(null, sysId, number),
                            "Found on ServiceNow " + number + ": written by an attempt whose outcome was not recorded");
                }
            }
        }
        if (sysId == null) {
            if (change.closing) {
                return SendResult.delivered(null, null, null,
                        "Skipped: no ServiceNow record to resolve, and a resolution never creates one");
            }
            Map<String, Object> record = new LinkedHashMap<>(fieldMapping(channel));
            record.put("short_description", MessageContent.truncate(job.content().headline(), 160));
            record.put("description", description(job.content()));
            putSeverity(record, change.severity);
            record.put("correlation_id", correlationId);
            record.put("correlation_display", "Connect Ops");
            putIfSet(record, "caller_id", channel.setting("callerId"));
            putIfSet(record, "assignment_group", channel.setting("assignmentGroup"));
            putIfSet(record, "category", channel.setting("category"));
            record.putAll(change.fields);
            record.put("work_notes", workNote(job));
            HttpCalls.Reply created = http.send("POST", table, auth, record, secrets);
            if (!created.ok()) {
                return created.failure();
            }
            JsonNode result = read(created).path("result");
            String newSysId = result.path("sys_id").asText();
            String newNumber = result.path("number").asText();
            return SendResult.delivered(created.status(), newNumber,
                    new SendJob.Thread(null, newSysId, newNumber), "Created ServiceNow " + newNumber);
        }
        Map<String, Object> update = new LinkedHashMap<>(change.fields);
        update.put("work_notes", workNote(job));
        HttpCalls.Reply patched = http.send("PATCH", table + "/" + sysId, auth, update, secrets);
        if (!patched.ok()) {
            return patched.failure();
        }
        String state = read(patched).path("result").path("state").asText("");
        return SendResult.delivered(patched.status(), number, new SendJob.Thread(null, sysId, number),
                "Updated ServiceNow " + number + (state.isEmpty() ? "" : " (state " + state + ")"));
    }

    /** What the event means for the ServiceNow record. */
    record Change(Severity severity, Map<String, Object> fields, boolean closing, boolean fromOutside) {
    }

    /** The channel's {@code closeCode} setting, else {@link #CLOSE_CODE}. */
    static String closeCode(SendJob.ChannelSnapshot channel) {
        return channel.setting("closeCode") != null ? channel.setting("closeCode") : CLOSE_CODE;
    }

    /**
     * What the event means for the ServiceNow record. The resolution's close notes are the incident's resolution (the
     * RESOLVED event's message); a CLOSED event with a message (the review's root cause, a closing note) writes it to
     * the close notes, one without keeps the resolution's. A comment from outside (COMMENTED) is never written back:
     * it may have come from this very record, and the event does not say where it came from.
     */
    static Change change(Object event, String closeCode) {
        if (event instanceof IncidentEvent incident) {
            Map<String, Object> fields = new LinkedHashMap<>();
            boolean closing = false;
            boolean hasMessage = incident.message() != null && !incident.message().isBlank();
            switch (incident.change()) {
                case OPENED:
                    fields.put("state", "1");
                    break;
                case RESOLVED:
                    fields.put("state", "6");
                    fields.put("close_code", closeCode);
                    fields.put("close_notes", hasMessage ? incident.message()
                            : "Resolved in Connect Ops" + (incident.url() == null ? "" : ": " + incident.url()));
                    closing = true;
                    break;
                case CLOSED:
                    fields.put("state", "7");
                    if (hasMessage) {
                        fields.put("close_code", closeCode);
                        fields.put("close_notes", incident.message());
                    }
                    closing = true;
                    break;
                case CANCELLED:
                    fields.put("state", "8");
                    closing = true;
                    break;
                case SEVERITY_CHANGED:
                    putSeverity(fields, incident.severity());
                    break;
                case REVIEW_STARTED:
                    closing = true;
                    break;
                default:
                    fields.put("state", "2");
            }
            return new Change(incident.severity(), fields, closing,
                    incident.change() == IncidentEvent.Change.EXTERNAL_UPDATE
                            || incident.change() == IncidentEvent.Change.COMMENTED);
        }
        if (event instanceof AlertEvent alert) {
            Map<String, Object> fields = new LinkedHashMap<>();
            boolean resolved = alert.state() == AlertEvent.State.RESOLVED;
            if (resolved) {
                fields.put("state", "6");
                fields.put("close_code", closeCode);
                fields.put("close_notes", "Auto-resolved: the alert condition no longer holds");
            }
            return new Change(alert.severity(), fields, resolved, false);
        }
        return null;
    }

    /** P1..P4 as impact × urgency: (1,1) Critical, (1,2) High, (2,2) Moderate, (2,3) Low. */
    static void putSeverity(Map<String, Object> record, Severity severity) {
        Severity known = severity == null ? Severity.P3 : severity;
        String[] impactUrgency;
        switch (known) {
            case P1:
                impactUrgency = new String[] {"1", "1"};
                break;
            case P2:
                impactUrgency = new String[] {"1", "2"};
                break;
            case P3:
                impactUrgency = new String[] {"2", "2"};
                break;
            default:
                impactUrgency = new String[] {"2", "3"};
        }
        record.put("impact", impactUrgency[0]);
        record.put("urgency", impactUrgency[1]);
    }

    private static Map<String, String> fieldMapping(SendJob.ChannelSnapshot channel) {
        String mapping = channel.setting("fieldMapping");
        if (mapping == null) {
            return Map.of();
        }
        try {
            return EventCodec.mapper().readValue(mapping, new TypeReference<Map<String, String>>() {
            });
        } catch (IOException e) {
            return Map.of();
        }
    }

    private static String description(MessageContent content) {
        String facts = content.facts().stream().map(f -> f.title() + ": " + f.value()).collect(Collectors.joining("\n"));
        return content.statusLine() + (content.text() == null ? "" : "\n\n" + content.text()) + "\n\n" + facts
                + (content.link() == null ? "" : "\n\n" + content.link())
                + (content.runbookUrl() == null ? "" : "\nRunbook: " + content.runbookUrl());
    }

    /** The change as a work note, ending in the delivery's marker so that a repeat can be recognised. */
    private static String workNote(SendJob job) {
        MessageContent content = job.content();
        return content.statusLine() + (content.text() == null || content.text().isBlank() ? "" : ": " + content.text())
                + (job.deliveryId() == null ? "" : "\n" + marker(job));
    }

    /** What marks the delivery's work note: its id, which nothing else on the record carries. */
    static String marker(SendJob job) {
        return MARKER_PREFIX + job.deliveryId() + "]";
    }

    private static void putIfSet(Map<String, Object> record, String field, String value) {
        if (value != null) {
            record.put(field, value);
        }
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static JsonNode read(HttpCalls.Reply reply) {
        try {
            return EventCodec.mapper().readTree(reply.body() == null ? "{}" : reply.body());
        } catch (IOException e) {
            return EventCodec.mapper().createObjectNode();
        }
    }
}
