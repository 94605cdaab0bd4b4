package io.connectops.notifications.senders.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.connectops.contracts.AlertEvent;
import io.connectops.contracts.EventCodec;
import io.connectops.contracts.Severity;
import io.connectops.notifications.content.AlertGroup;
import io.connectops.notifications.senders.ChannelType;
import io.connectops.notifications.senders.SendJob;

/**
 * The {@code maxAlerts} setting of an {@code alertmanager} webhook, without the application: Alertmanager's
 * {@code max_alerts} (notify/webhook {@code truncateAlerts}: with a cap above 0 and more alerts than it, the first
 * {@code max_alerts} of the notification stay, in the order the dispatcher sorted them, and {@code truncatedAlerts}
 * counts the rest; the template data, so {@code status} and the common pairs, is made of the alerts kept). Bodies are
 * read strictly as Alertmanager's {@code webhook.Message}.
 */
class AlertmanagerMaxAlertsTest {

    private static final ObjectMapper RECEIVER = new ObjectMapper().findAndRegisterModules()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final Instant STARTS_AT = Instant.parse("2026-12-06T09:15:00Z");
    private static final String GROUP = "{}:{queue=\"billing\"}";

    @Test
    void aGroupAboveMaxAlertsKeepsTheFirstAlertsInAlertmanagersOrderAndCountsTheRest() throws Exception {
        // Stored in another order than Alertmanager's: instance agent-4, agent-2, none, agent-1, agent-3.
        AlertGroup group = new AlertGroup(GROUP, List.of(firing("fp-4", "agent-4"), firing("fp-2", "agent-2"),
                firing("fp-none", null), firing("fp-1", "agent-1"), firing("fp-3", "agent-3")), List.of());

        AlertmanagerGroupsTest.Message message = send(group, "3");

        assertThat(message.truncatedAlerts()).isEqualTo(2);
        assertThat(message.alerts()).extracting(AlertmanagerGroupsTest.Alert::fingerprint)
                .containsExactly("fp-1", "fp-2", "fp-3");
        assertThat(message.status()).isEqualTo("firing");
        assertThat(message.groupKey()).isEqualTo(GROUP);
        assertThat(message.groupLabels()).isEqualTo(Map.of("queue", "billing"));
    }

    @Test
    void statusAndCommonPairsAreThoseOfTheAlertsKeptEvenWhenATruncatedOneStillFires() throws Exception {
        AlertGroup group = new AlertGroup(GROUP, List.of(firing("fp-3", "agent-3")),
                List.of(resolved("fp-1", "agent-1"), resolved("fp-2", "agent-2")));

        AlertmanagerGroupsTest.Message kept = send(group, "2");

        assertThat(kept.truncatedAlerts()).isEqualTo(1);
        assertThat(kept.alerts()).extracting(AlertmanagerGroupsTest.Alert::fingerprint).containsExactly("fp-1", "fp-2");
        assertThat(kept.status()).as("Alertmanager's template data is made of the alerts kept").isEqualTo("resolved");
        assertThat(kept.commonLabels()).isEqualTo(Map.of("alertname", "Agent availability", "queue", "billing",
                "job", "agents", "severity", "P2"));
        assertThat(kept.commonAnnotations()).isEqualTo(Map.of("description", "Too few agents available"));

        AlertmanagerGroupsTest.Message all = send(group, "0");
        assertThat(all.truncatedAlerts()).isZero();
        assertThat(all.status()).isEqualTo("firing");
        assertThat(all.alerts()).extracting(AlertmanagerGroupsTest.Alert::fingerprint)
                .containsExactly("fp-1", "fp-2", "fp-3");
    }

    @Test
    void noSettingZeroOrACapAtOrAboveTheGroupsSizeKeepsEveryAlert() throws Exception {
        AlertGroup group = new AlertGroup(GROUP, List.of(firing("fp-2", "agent-2"), firing("fp-1", "agent-1")),
                List.of());
        for (String setting : new String[] {null, "0", "2", "100"}) {
            AlertmanagerGroupsTest.Message message = send(group, setting);
            assertThat(message.truncatedAlerts()).as("maxAlerts %s", setting).isZero();
            assertThat(message.alerts()).as("maxAlerts %s", setting)
                    .extracting(AlertmanagerGroupsTest.Alert::fingerprint).containsExactly("fp-1", "fp-2");
        }
    }

    @Test
    void alertsAreOrderedByJobThenInstanceThenTheWholeLabelSetAsAlertmanagerSortsThem() {
        List<Map<String, Object>> alerts = new ArrayList<>(List.of(
                labelled("no-job-or-instance", Map.of("a", "1")),
                labelled("no-job-fewer-labels", Map.of("instance", "i-1")),
                labelled("no-job-more-labels", Map.of("instance", "i-1", "zone", "a")),
                labelled("job-b", Map.of("job", "b", "instance", "i-0")),
                labelled("job-a-instance-2", Map.of("job", "a", "instance", "i-2")),
                labelled("job-a-no-instance", Map.of("job", "a")),
                labelled("job-a-instance-10", Map.of("job", "a", "instance", "i-10")),
                // Same size: the first label name either lacks decides, and the set that lacks it comes first.
                labelled("a-and-c", Map.of("a", "1", "c", "1")),
                labelled("b-and-c", Map.of("b", "1", "c", "1")),
                // Go compares strings byte by byte in UTF-8: U+FF5E sorts before U+1F600, unlike UTF-16 order.
                labelled("emoji", Map.of("a", "\uD83D\uDE00")),
                labelled("fullwidth-tilde", Map.of("a", "\uFF5E"))));

        alerts.sort(WebhookPayloads.ALERTMANAGER_ORDER);

        assertThat(alerts).extracting(alert -> alert.get("fingerprint")).containsExactly(
                "job-a-instance-10", "job-a-instance-2", "job-a-no-instance", "job-b",
                "no-job-fewer-labels", "no-job-more-labels",
                "no-job-or-instance", "fullwidth-tilde", "emoji",
                "b-and-c", "a-and-c");
    }

    @Test
    void maxAlertsIsAWholeNumberFromZero() {
        assertThat(WebhookPayloads.maxAlerts(null)).isZero();
        assertThat(WebhookPayloads.maxAlerts(" ")).isZero();
        assertThat(WebhookPayloads.maxAlerts("0")).isZero();
        assertThat(WebhookPayloads.maxAlerts(" 010 ")).isEqualTo(10);
        assertThat(WebhookPayloads.maxAlerts("2147483647")).isEqualTo(Integer.MAX_VALUE);
        for (String refused : new String[] {"-1", "+3", "1.5", "1e3", "ten", "2147483648", "0x10"}) {
            assertThat(WebhookPayloads.maxAlerts(refused)).as(refused).isEqualTo(-1);
        }
    }

    private static AlertmanagerGroupsTest.Message send(AlertGroup group, String maxAlerts) throws Exception {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("url", "https://bridge.example/alerts");
        settings.put("format", "alertmanager");
        if (maxAlerts != null) {
            settings.put(WebhookPayloads.MAX_ALERTS, maxAlerts);
        }
        AlertEvent event = group.firing().isEmpty() ? group.resolved().get(0) : group.firing().get(0);
        SendJob job = new SendJob(UUID.randomUUID(), "key", UUID.randomUUID().toString(), event.type(),
                "group:" + GROUP + "#1", event, null,
                new SendJob.ChannelSnapshot(UUID.randomUUID(), "oncall-bridge", ChannelType.WEBHOOK, settings,
                        Map.of()),
                null, null, false, STARTS_AT,
                new SendJob.Conversation(SendJob.Conversation.Kind.GROUP, null, null, group));
        String json = EventCodec.mapper().writeValueAsString(WebhookPayloads.body(WebhookFormat.ALERTMANAGER, job));
        return RECEIVER.readValue(json, AlertmanagerGroupsTest.Message.class);
    }

    private static AlertEvent firing(String fingerprint, String instance) {
        return alert(fingerprint, instance, AlertEvent.State.FIRING);
    }

    private static AlertEvent resolved(String fingerprint, String instance) {
        return alert(fingerprint, instance, AlertEvent.State.RESOLVED);
    }

    private static AlertEvent alert(String fingerprint, String instance, AlertEvent.State state) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("queue", "billing");
        labels.put("job", "agents");
        if (instance != null) {
            labels.put("instance", instance);
        }
        return new AlertEvent(fingerprint, GROUP, "rule-agents", "Agent availability", state, Severity.P2, labels,
                1.0, 3.0, "Agent " + instance + " unavailable", "Too few agents available", null, "threshold",
                STARTS_AT, state == AlertEvent.State.RESOLVED ? STARTS_AT.plusSeconds(1200) : null, null, null, null,
                state == AlertEvent.State.FIRING ? AlertEvent.Announcement.NEW : null);
    }

    private static Map<String, Object> labelled(String name, Map<String, String> labels) {
        return Map.of("fingerprint", name, "labels", labels);
    }
}
