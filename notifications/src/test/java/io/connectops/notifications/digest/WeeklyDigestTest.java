package io.connectops.notifications.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.connectops.contracts.IncidentEvent.Change;
import io.connectops.contracts.Severity;
import io.connectops.fakes.ReceivedRequest;
import io.connectops.fakes.WebhookFake;
import io.connectops.notifications.Fixtures;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** P4 notices wait for the weekly digest and go out once per channel, in one message, whoever runs it. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class WeeklyDigestTest {

    @Inject
    DigestService digests;

    @Test
    void p4NoticesAreCollectedAndSentAsOneMessagePerChannelOnlyOnce() {
        try (WebhookFake webhook = new WebhookFake()) {
            webhook.start(0);
            String queue = Fixtures.unique("q");
            String first = Fixtures.webhookChannel(webhook.baseUrl() + "/first");
            String second = Fixtures.webhookChannel(webhook.baseUrl() + "/second");
            digestRoute(queue, first, second);
            List<String> incidents = List.of(Fixtures.unique("inc"), Fixtures.unique("inc"), Fixtures.unique("inc"));
            incidents.forEach(id -> Fixtures.publish(
                    Fixtures.incident(id, Change.OPENED, "OPEN", "minor " + id, queue, Severity.P4)));

            await().atMost(Duration.ofSeconds(60)).until(() -> digests.waiting(UUID.fromString(first)) == 3
                    && digests.waiting(UUID.fromString(second)) == 3);
            assertThat(webhook.received()).isEmpty();
            assertThat(Fixtures.statuses("channel", first)).isEmpty();

            ApiSecurity.as(Roles.VIEWER).post("/api/v1/digests/run").then().statusCode(403);
            ApiSecurity.as(Roles.ADMIN).post("/api/v1/digests/run").then().statusCode(200);

            Fixtures.awaitStatuses("channel", first, 1, "DELIVERED");
            Fixtures.awaitStatuses("channel", second, 1, "DELIVERED");
            for (String path : List.of("/first", "/second")) {
                List<ReceivedRequest> received = webhook.received(path);
                assertThat(received).hasSize(1);
                String body = received.get(0).body();
                assertThat(body).contains("Weekly digest: 3 low-priority notices");
                incidents.forEach(id -> assertThat(body).contains("INC-" + id.substring(id.length() - 4)));
            }
            assertThat(digests.waiting(UUID.fromString(first))).isZero();

            ApiSecurity.as(Roles.ADMIN).post("/api/v1/digests/run").then().statusCode(200);
            assertThat(Fixtures.statuses("channel", first)).hasSize(1);
            assertThat(Fixtures.statuses("channel", second)).hasSize(1);
        }
    }

    @Test
    void twoReplicasRunningTheSameScheduledDigestSendItOnce() throws Exception {
        try (WebhookFake webhook = new WebhookFake()) {
            webhook.start(0);
            String queue = Fixtures.unique("q");
            String channel = Fixtures.webhookChannel(webhook.baseUrl() + "/weekly");
            digestRoute(queue, channel);
            String incidentId = Fixtures.unique("inc");
            Fixtures.publish(Fixtures.incident(incidentId, Change.OPENED, "OPEN", "minor", queue, Severity.P4));
            await().atMost(Duration.ofSeconds(60)).until(() -> digests.waiting(UUID.fromString(channel)) == 1);

            // A Monday far ahead that no other run has claimed: both "replicas" see it as due.
            Instant due = ZonedDateTime.of(2200 + ThreadLocalRandom.current().nextInt(700), 1, 1, 12, 0, 0, 0,
                    ZoneId.of("UTC")).toInstant().plus(Duration.ofDays(7 * ThreadLocalRandom.current().nextInt(50)));
            CompletableFuture<Integer> one = CompletableFuture.supplyAsync(() -> digests.runIfDue(due));
            CompletableFuture<Integer> two = CompletableFuture.supplyAsync(() -> digests.runIfDue(due));
            int stored = one.get() + two.get();
            assertThat(List.of(one.get(), two.get())).contains(0);
            assertThat(stored).isGreaterThanOrEqualTo(1);
            assertThat(digests.runIfDue(due)).as("a restarted replica finds the period taken").isZero();

            Fixtures.awaitStatuses("channel", channel, 1, "DELIVERED");
            assertThat(webhook.received("/weekly")).hasSize(1);
            assertThat(webhook.received("/weekly").get(0).body()).contains("Weekly digest: 1 low-priority notice");
        }
    }

    @Test
    void theDigestIsDueAtTheLatestConfiguredWeekdayAndTimeInItsZone() {
        ZoneId paris = ZoneId.of("Europe/Paris");
        Instant tuesday = ZonedDateTime.of(2026, 11, 24, 9, 0, 0, 0, paris).toInstant();
        assertThat(DigestSchedule.latestDue(tuesday, DayOfWeek.MONDAY, LocalTime.of(8, 0), paris))
                .isEqualTo(ZonedDateTime.of(2026, 11, 23, 8, 0, 0, 0, paris).toInstant());
        Instant mondayEarly = ZonedDateTime.of(2026, 11, 23, 7, 59, 0, 0, paris).toInstant();
        assertThat(DigestSchedule.latestDue(mondayEarly, DayOfWeek.MONDAY, LocalTime.of(8, 0), paris))
                .isEqualTo(ZonedDateTime.of(2026, 11, 16, 8, 0, 0, 0, paris).toInstant());
        Instant mondayOnTime = ZonedDateTime.of(2026, 11, 23, 8, 0, 0, 0, paris).toInstant();
        assertThat(DigestSchedule.latestDue(mondayOnTime, DayOfWeek.MONDAY, LocalTime.of(8, 0), paris))
                .isEqualTo(mondayOnTime);
    }

    private static void digestRoute(String queue, String... channelIds) {
        Map<String, Object> route = new LinkedHashMap<>();
        route.put("name", Fixtures.unique("digest-" + queue));
        route.put("position", -100);
        route.put("queues", List.of(queue));
        route.put("severities", List.of("P4"));
        route.put("channelIds", new ArrayList<>(List.of(channelIds)));
        route.put("digest", true);
        ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON).body(route).post("/api/v1/routes")
                .then().statusCode(201);
    }
}
