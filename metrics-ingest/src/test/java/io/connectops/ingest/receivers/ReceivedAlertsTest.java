package io.connectops.ingest.receivers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.connectops.contracts.ExternalAlert;
import io.connectops.contracts.Severity;
import io.connectops.platform.problem.ProblemException;

class ReceivedAlertsTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private static final AlertSeverities DEFAULTS = new AlertSeverities(Map.of("critical", Severity.P1, "error",
            Severity.P2, "high", Severity.P2, "warning", Severity.P3, "info", Severity.P4), null);

    private static PostableAlert posted(Map<String, String> labels, String startsAt, String endsAt) {
        return new PostableAlert(labels, Map.of(), startsAt, endsAt, null);
    }

    @Test
    void theFingerprintOfPostedLabelsIsPrometheusOwnLabelSetFingerprint() {
        // prometheus/common model/signature_test.go: LabelsToSignature of these labels is 5799056148416392346.
        assertThat(ReceivedAlerts.fingerprint(Map.of("name", "garland, briggs", "fear", "love is not enough")))
                .isEqualTo(Long.toHexString(5799056148416392346L));
        assertThat(ReceivedAlerts.fingerprint(Map.of("a", "b", "c", "d")))
                .isEqualTo(ReceivedAlerts.fingerprint(new TreeMap<>(Map.of("c", "d", "a", "b"))))
                .isNotEqualTo(ReceivedAlerts.fingerprint(Map.of("a", "b", "c", "e")));
    }

    @Test
    void severityLabelsMapToP1ToP4AndAnUnknownOneIsNeverGuessed() {
        assertThat(DEFAULTS.of(Map.of("severity", "Critical"))).isEqualTo(Severity.P1);
        assertThat(DEFAULTS.of(Map.of("severity", "error"))).isEqualTo(Severity.P2);
        assertThat(DEFAULTS.of(Map.of("severity", "high"))).isEqualTo(Severity.P2);
        assertThat(DEFAULTS.of(Map.of("severity", "warning"))).isEqualTo(Severity.P3);
        assertThat(DEFAULTS.of(Map.of("severity", "info"))).isEqualTo(Severity.P4);
        assertThat(DEFAULTS.of(Map.of("severity", "p2"))).isEqualTo(Severity.P2);
        assertThat(DEFAULTS.of(Map.of("severity", "page"))).isNull();
        assertThat(DEFAULTS.of(Map.of("team", "blue"))).isNull();
        AlertSeverities withDefault = new AlertSeverities(Map.of("sev1", Severity.P1), Severity.P3);
        assertThat(withDefault.of(Map.of("severity", "SEV1"))).isEqualTo(Severity.P1);
        assertThat(withDefault.of(Map.of("severity", "page"))).isEqualTo(Severity.P3);
        assertThat(withDefault.of(Map.of())).isEqualTo(Severity.P3);
    }

    @Test
    void aPostedAlertFiresUntilItsEndOrTheResolveTimeoutAndAnEndPastResolvesIt() {
        Map<String, String> labels = Map.of("alertname", "InstanceDown", "severity", "warning");
        List<ReceivedAlerts.Received> read = ReceivedAlerts.fromPostable(List.of(
                posted(labels, "2026-12-06T11:55:00Z", "2026-12-06T12:04:00Z"),
                posted(labels, null, null),
                posted(labels, null, "2026-12-06T11:59:00Z")), DEFAULTS, NOW, Duration.ofMinutes(5));

        assertThat(read.get(0).alert().status()).isEqualTo(ExternalAlert.Status.FIRING);
        assertThat(read.get(0).expiresAt()).isEqualTo(Instant.parse("2026-12-06T12:04:00Z"));
        assertThat(read.get(1).alert().startsAt()).isEqualTo(NOW);
        assertThat(read.get(1).expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
        assertThat(read.get(1).alert().endsAt()).isNull();
        assertThat(read.get(2).alert().status()).isEqualTo(ExternalAlert.Status.RESOLVED);
        assertThat(read.get(2).alert().startsAt()).isEqualTo(Instant.parse("2026-12-06T11:59:00Z"));
        assertThat(read.get(2).expiresAt()).isNull();
        assertThat(read).extracting(r -> r.alert().severity()).containsOnly(Severity.P3);
    }

    @Test
    void anEndBeforeTheStartAndAnEmptyLabelSetAreRefusedByField() {
        assertThatThrownBy(() -> ReceivedAlerts.fromPostable(List.of(
                posted(Map.of("alertname", "x"), "2026-12-06T11:55:00Z", "2026-12-06T11:50:00Z"),
                posted(Map.of(), null, null)), DEFAULTS, NOW, Duration.ofMinutes(5)))
                .isInstanceOfSatisfying(ProblemException.class, problem -> assertThat(problem.errors())
                        .extracting(error -> error.field()).containsExactly("[0].endsAt", "[1].labels"));
    }

    @Test
    void aRequestWithoutAlertsIsRefused() {
        assertThatThrownBy(() -> ReceivedAlerts.fromPostable(List.of(), DEFAULTS, NOW, Duration.ofMinutes(5)))
                .isInstanceOfSatisfying(ProblemException.class, problem -> assertThat(problem.errors())
                        .extracting(error -> error.field()).containsExactly("body"));
    }

    @Test
    void aWebhookAlertFiringWithAnEndPastIsResolvedAndGoZeroTimeIsNoEnd() {
        WebhookPayload.Alert stale = new WebhookPayload.Alert("firing", Map.of("alertname", "a"), null,
                "2026-12-06T11:00:00+01:00", "2026-12-06T11:59:59Z", null, "f1", null, null, null, null, null);
        WebhookPayload.Alert open = new WebhookPayload.Alert("firing", Map.of("alertname", "b"), null,
                "2026-12-06T11:00:00Z", "0001-01-01T00:00:00Z", null, null, null, null, null, null, null);
        List<ReceivedAlerts.Received> read = ReceivedAlerts.fromWebhook(ReceivedAlerts.ALERTMANAGER,
                new WebhookPayload("4", "{}:{}", 0, "firing", "r", null, null, null, null, List.of(stale, open), null,
                        null, null, null), DEFAULTS, NOW);

        assertThat(read.get(0).alert().status()).isEqualTo(ExternalAlert.Status.RESOLVED);
        assertThat(read.get(0).alert().startsAt()).isEqualTo(Instant.parse("2026-12-06T10:00:00Z"));
        assertThat(read.get(1).alert().status()).isEqualTo(ExternalAlert.Status.FIRING);
        assertThat(read.get(1).alert().endsAt()).isNull();
        // Without a fingerprint of its own, the alert is known by its labels' fingerprint.
        assertThat(read.get(1).alert().fingerprint()).isEqualTo(ReceivedAlerts.fingerprint(Map.of("alertname", "b")));
        assertThat(read).extracting(ReceivedAlerts.Received::expiresAt).containsOnlyNulls();
    }
}
