package io.connectops.ingest.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.EventCodec;
import io.connectops.contracts.MetricSample;
import io.connectops.ingest.MetricsTopicWindow;
import io.connectops.ingest.service.MetricPublisher;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.connectops.platform.testing.TestKafka;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class MetricPushResourceTest {

    private static final String PATH = "/api/v1/metrics";
    /** Sample times are recent, as pushed samples must be (within push.max-age). */
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1));

    private static String at(int secondsAfterT0) {
        return T0.plusSeconds(secondsAfterT0).toString();
    }

    @Inject
    AgroalDataSource dataSource;

    private static String sample(String instance, String queue, String metric, Object value, String timestamp) {
        return """
                {"instanceId":"%s","queueId":"%s","metric":"%s","value":%s,"timestamp":"%s"}"""
                .formatted(instance, queue, metric, value, timestamp);
    }

    private static String sample(String instance, String metric, Object value, String unit) {
        return """
                {"instanceId":"%s","queueId":"q-1","metric":"%s","value":%s,"unit":"%s","timestamp":"%s"}"""
                .formatted(instance, metric, value, unit, at(0));
    }

    private static String batch(String... samples) {
        return "{\"samples\":[" + String.join(",", samples) + "]}";
    }

    @Test
    void pushedSamplesArePublishedOnTheMetricsTopic() {
        String instance = "inst-" + UUID.randomUUID();
        String body = batch(sample(instance, "q-1", "ivr_response_time", 1.5, at(0)),
                sample(instance, "q-1", "ivr_response_time", 2.5, at(15)),
                sample(instance, "q-2", "api_call_failures", 3, at(0)));

        List<ConsumerRecord<String, String>> records;
        try (MetricsTopicWindow topic = MetricsTopicWindow.openAtEnd()) {
            ApiSecurity.as(Roles.INGEST).contentType(ContentType.JSON).body(body).post(PATH)
                    .then().statusCode(202).body("accepted", equalTo(3));

            records = topic.await(r -> r.key() != null && r.key().startsWith(instance + "/"), 3,
                    Duration.ofSeconds(30));
        }
        List<CloudEvent<MetricSample>> events = records.stream()
                .map(r -> EventCodec.decode(r.value(), MetricSample.class))
                .sorted(Comparator.comparing((CloudEvent<MetricSample> e) -> e.data().queueId())
                        .thenComparing(e -> e.data().timestamp()))
                .toList();
        assertThat(events).extracting(e -> e.data().value()).containsExactly(1.5, 2.5, 3.0);
        assertThat(events).allSatisfy(e -> {
            assertThat(e.type()).isEqualTo(MetricSample.TYPE);
            assertThat(e.data().source()).isEqualTo("push");
        });
        assertThat(events.get(0).data().seriesKey()).isEqualTo(instance + "/q-1/ivr_response_time");
        assertThat(events.get(0).data().timestamp()).isEqualTo(T0);
        assertThat(events).extracting(e -> e.data().unit()).containsExactly("MILLISECONDS", "MILLISECONDS", "COUNT");
        assertThat(records).allSatisfy(r -> assertThat(TestKafka.header(r, "ce_type")).isEqualTo(MetricSample.TYPE));
    }

    @Test
    void anAcceptedBatchIsOnTheTopicExactlyOnceInItsCloudEventEnvelope() {
        String instance = "inst-" + UUID.randomUUID();
        String[] samples = new String[50];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = sample(instance, "q-" + i, "ivr_response_time", i, at(0));
        }
        try (MetricsTopicWindow topic = MetricsTopicWindow.openAtEnd()) {
            Instant before = Instant.now();
            ApiSecurity.as(Roles.INGEST).contentType(ContentType.JSON).body(batch(samples)).post(PATH)
                    .then().statusCode(202).body("accepted", equalTo(50));

            // Read right after the 202, with no waiting: accepted means acknowledged by Kafka.
            List<ConsumerRecord<String, String>> records = topic.recordsUntilNow(r -> isOf(r, instance));
            assertThat(records).hasSize(50);
            List<CloudEvent<MetricSample>> events = records.stream()
                    .map(r -> EventCodec.decode(r.value(), MetricSample.class)).toList();
            assertThat(events).extracting(e -> e.data().queueId())
                    .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 50).mapToObj(i -> "q-" + i).toList());
            assertThat(events).extracting(CloudEvent::id).doesNotHaveDuplicates();
            for (int i = 0; i < records.size(); i++) {
                ConsumerRecord<String, String> record = records.get(i);
                CloudEvent<MetricSample> event = events.get(i);
                assertThat(record.key()).isEqualTo(event.data().seriesKey())
                        .isEqualTo(instance + "/" + event.data().queueId() + "/ivr_response_time");
                assertThat(event.specversion()).isEqualTo(CloudEvent.SPEC_VERSION);
                assertThat(event.source()).isEqualTo(MetricPublisher.EVENT_SOURCE);
                assertThat(event.type()).isEqualTo(MetricSample.TYPE);
                assertThat(event.subject()).isEqualTo(record.key());
                assertThat(event.datacontenttype()).isEqualTo(CloudEvent.JSON);
                assertThat(event.time()).isBetween(before, Instant.now());
                assertThat(UUID.fromString(event.id()).version()).isEqualTo(3);
                assertThat(event.data().value()).isEqualTo(Double.parseDouble(event.data().queueId().substring(2)));
                assertThat(event.data().unit()).isEqualTo("MILLISECONDS");
                assertThat(TestKafka.header(record, "ce_id")).isEqualTo(event.id());
                assertThat(TestKafka.header(record, "ce_type")).isEqualTo(MetricSample.TYPE);
            }
        }
        // Nothing left in the outbox that its relay could send a second time.
        assertThat(outboxRowsMentioning(instance)).isZero();
    }

    @Test
    void aBatchSentAgainCarriesTheSameEventIdsSoConsumersApplyItOnceButACorrectionIsNew() {
        String instance = "inst-" + UUID.randomUUID();
        String first = batch(sample(instance, "q-1", "ivr_response_time", 120, at(0)),
                sample(instance, "q-2", "ivr_response_time", 80, at(0)));
        String corrected = batch(sample(instance, "q-1", "ivr_response_time", 125, at(0)));

        try (MetricsTopicWindow topic = MetricsTopicWindow.openAtEnd()) {
            // The client's retry after a lost 202 (or a 503 whose records Kafka wrote anyway) is the same body.
            for (String body : List.of(first, first, corrected)) {
                ApiSecurity.as(Roles.INGEST).contentType(ContentType.JSON).body(body).post(PATH)
                        .then().statusCode(202);
            }
            List<CloudEvent<MetricSample>> events = topic.recordsUntilNow(r -> isOf(r, instance)).stream()
                    .map(r -> EventCodec.decode(r.value(), MetricSample.class)).toList();

            assertThat(events).hasSize(5);
            Map<Double, Set<String>> idsByValue = events.stream().collect(
                    Collectors.groupingBy(e -> e.data().value(),
                            Collectors.mapping(CloudEvent::id, Collectors.toSet())));
            assertThat(idsByValue.get(120.0)).hasSize(1);
            assertThat(idsByValue.get(80.0)).hasSize(1);
            assertThat(idsByValue.get(125.0)).hasSize(1).doesNotContainAnyElementsOf(idsByValue.get(120.0));
            assertThat(idsByValue.get(120.0)).doesNotContainAnyElementsOf(idsByValue.get(80.0));
        }
    }

    @Test
    void onlyIngestClientsMayPush() {
        String body = batch(sample("inst-x", "q-1", "ivr_response_time", 1, at(0)));
        ApiSecurity.assertRefusesBadTokens("POST", PATH, body, Roles.INGEST, Roles.VIEWER);
    }

    @Test
    void malformedJsonIsAProblemAndPublishesNothing() {
        String instance = "inst-" + UUID.randomUUID();
        MetricsTopicWindow topic = MetricsTopicWindow.openAtEnd();
        ApiSecurity.as(Roles.INGEST).contentType(ContentType.JSON)
                .body("{\"samples\":[{\"instanceId\":\"" + instance + "\",").post(PATH)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("title", equalTo("Malformed JSON"));
        assertNothingPublishedFor(topic, instance);
    }

    @Test
    void wrongTypesNameTheFieldAndPublishNothing() {
        String instance = "inst-" + UUID.randomUUID();
        MetricsTopicWindow topic = MetricsTopicWindow.openAtEnd();
        ApiSecurity.as(Roles.INGEST).contentType(ContentType.JSON)
                .body(batch(sample(instance, "q-1", "ivr_response_time", "\"fast\"", at(0))))
                .post(PATH)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", contains("samples[0].value"));
        assertNothingPublishedFor(topic, instance);
    }

    @Test
    void repeatedTimestampsAreReadAsWrittenAndABadOneAfterThemIsNamed() {
        String instance = "inst-" + UUID.randomUUID();
        // The same instants in other forms and interleaved: each sample keeps its own time.
        String sameAsFirstWithMillis = at(0).replace("Z", ".000Z");
        try (MetricsTopicWindow topic = MetricsTopicWindow.openAtEnd()) {
            ApiSecurity.as(Roles.INGEST).contentType(ContentType.JSON)
                    .body(batch(sample(instance, "q-1", "ivr_response_time", 1, at(0)),
                            sample(instance, "q-2", "ivr_response_time", 2, at(0)),
                            sample(instance, "q-3", "ivr_response_time", 3, at(30)),
                            sample(instance, "q-4", "ivr_response_time", 4, at(0)),
                            sample(instance, "q-5", "ivr_response_time", 5, sameAsFirstWithMillis)))
                    .post(PATH).then().statusCode(202).body("accepted", equalTo(5));

            assertThat(topic.recordsUntilNow(r -> isOf(r, instance)))
                    .extracting(r -> EventCodec.decode(r.value(), MetricSample.class).data())
                    .extracting(MetricSample::queueId, MetricSample::timestamp)
                    .containsExactlyInAnyOrder(tuple("q-1", T0), tuple("q-2", T0), tuple("q-3", T0.plusSeconds(30)),
                            tuple("q-4", T0), tuple("q-5", T0));
        }

        MetricsTopicWindow topic = MetricsTopicWindow.openAtEnd();
        ApiSecurity.as(Roles.INGEST).contentType(ContentType.JSON)
                .body(batch(sample(instance, "q-1", "ivr_response_time", 1, at(0)),
                        sample(instance, "q-2", "ivr_response_time", 2, at(0)),
                        sample(instance, "q-3", "ivr_response_time", 3, at(0).replace('T', ' ') + "x")))
                .post(PATH)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", contains("samples[2].timestamp"));
        assertNothingPublishedFor(topic, instance);
    }

    @Test
    void aBatchWithBadSamplesSaysWhichAndWhyAndPublishesNothing() {
        String instance = "inst-" + UUID.randomUUID();
        MetricsTopicWindow topic = MetricsTopicWindow.openAtEnd();
        String good = sample(instance, "q-1", "ivr_response_time", 1, at(0));
        String badMetric = sample(instance, "q-1", "Not A Metric", 1, at(0));
        String noTimestamp = "{\"instanceId\":\"" + instance + "\",\"metric\":\"ivr_response_time\",\"value\":1}";

        ApiSecurity.as(Roles.INGEST).contentType(ContentType.JSON).body(batch(good, badMetric, noTimestamp)).post(PATH)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("title", equalTo("Validation failed"))
                .body("errors.field", contains("samples[1].metric", "samples[2].timestamp"))
                .body("errors.message", hasItem(containsString("snake_case")));
        assertNothingPublishedFor(topic, instance);
    }

    @Test
    void everyFaultOfABatchIsNamedInOneAnswerInTheBatchsOrder() {
        String instance = "inst-" + UUID.randomUUID();
        MetricsTopicWindow topic = MetricsTopicWindow.openAtEnd();
        String unknownMetric = sample(instance, "q-1", "unheard_of_metric", 1, at(0));
        String noValue = "{\"instanceId\":\"" + instance + "\",\"metric\":\"ivr_response_time\",\"timestamp\":\""
                + at(0) + "\"}";
        String nullLabel = "{\"instanceId\":\"" + instance + "\",\"metric\":\"ivr_response_time\",\"value\":1,"
                + "\"timestamp\":\"" + at(0) + "\",\"labels\":{\"flow\":null}}";
        String yearAhead = sample(instance, "q-1", "ivr_response_time", 1, Instant.now().plus(Duration.ofDays(365))
                .toString());

        // Shape faults (found while reading the request) and catalogue or clock faults (found by the service) alike.
        ApiSecurity.as(Roles.INGEST).contentType(ContentType.JSON)
                .body(batch(unknownMetric, noValue, nullLabel, yearAhead)).post(PATH)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", contains("samples[0].metric", "samples[1].value", "samples[2].labels.flow",
                        "samples[3].timestamp"));
        assertNothingPublishedFor(topic, instance);
    }

    @Test
    void samplesAheadOfTheServersClockOrTooOldAreRefused() {
        String instance = "inst-" + UUID.randomUUID();
        MetricsTopicWindow topic = MetricsTopicWindow.openAtEnd();
        Instant now = Instant.now();
        String body = batch(sample(instance, "q-1", "ivr_response_time", 1, now.plusSeconds(60).toString()),
                sample(instance, "q-1", "ivr_response_time", 1, now.plus(Duration.ofDays(365)).toString()),
                sample(instance, "q-1", "ivr_response_time", 1, "1970-01-01T00:00:00Z"),
                sample(instance, "q-1", "ivr_response_time", 1, now.minus(Duration.ofDays(6)).toString()));

        // Within a few minutes of skew and up to 7 days back is fine; a year ahead or 1970 is a client's bug.
        ApiSecurity.as(Roles.INGEST).contentType(ContentType.JSON).body(body).post(PATH)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", contains("samples[1].timestamp", "samples[2].timestamp"))
                .body("errors[0].message", containsString("ahead of the server's clock"))
                .body("errors[1].message", equalTo("must not be older than PT168H"));
        assertNothingPublishedFor(topic, instance);
    }

    @Test
    void samplesAreCheckedAgainstTheCatalogue() {
        String instance = "inst-" + UUID.randomUUID();
        MetricsTopicWindow topic = MetricsTopicWindow.openAtEnd();
        String body = batch(sample(instance, "ivr_response_time", 120, "MILLISECONDS"),
                sample(instance, "unheard_of_metric", 1, "COUNT"),
                sample(instance, "ivr_response_time", 1, "SECONDS"),
                sample(instance, "abandonment_rate", 5, "PERCENT"),
                sample(instance, "custom_orders_per_minute", 5, null),
                sample(instance, "custom_orders_per_minute", 5, "PARSECS"));

        ApiSecurity.as(Roles.INGEST).contentType(ContentType.JSON).body(body.replace("\"unit\":\"null\",", ""))
                .post(PATH)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", contains("samples[1].metric", "samples[2].unit", "samples[3].metric",
                        "samples[4].unit", "samples[5].unit"))
                .body("errors[0].message", containsString("GET /api/v1/metrics/catalogue"))
                .body("errors[1].message", equalTo("'ivr_response_time' is measured in MILLISECONDS"))
                .body("errors[2].message", containsString("cannot be pushed"))
                .body("errors[3].message", equalTo("is required for a custom_ metric"));
        assertNothingPublishedFor(topic, instance);
    }

    @Test
    void customMetricsAndLatestValuesAreListedBySeries() {
        String instance = "inst-" + UUID.randomUUID();
        String body = batch(sample(instance, "custom_orders_per_minute", 5, "COUNT"),
                sample(instance, "q-1", "ivr_response_time", 300, at(0)),
                sample(instance, "q-1", "ivr_response_time", 250, at(60)),
                sample(instance, "q-1", "ivr_response_time", 900, at(-60)));
        ApiSecurity.as(Roles.INGEST).contentType(ContentType.JSON).body(body).post(PATH)
                .then().statusCode(202).body("accepted", equalTo(4));
        // An older sample pushed later does not replace the latest value.
        ApiSecurity.as(Roles.INGEST).contentType(ContentType.JSON)
                .body(batch(sample(instance, "q-1", "ivr_response_time", 700, at(30)))).post(PATH)
                .then().statusCode(202);

        // Pushed samples' latest values are written behind, within a second.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> ApiSecurity.as(Roles.VIEWER)
                .queryParam("instanceId", instance).queryParam("metric", "ivr_response_time").get("/api/v1/series")
                .then().statusCode(200).body("items[0].value", equalTo(250.0f)));
        ApiSecurity.as(Roles.VIEWER).queryParam("instanceId", instance).get("/api/v1/series")
                .then().statusCode(200)
                .body("total", equalTo(2))
                .body("items.metric", contains("custom_orders_per_minute", "ivr_response_time"))
                .body("items[1].value", equalTo(250.0f))
                .body("items[1].unit", equalTo("MILLISECONDS"))
                .body("items[1].timestamp", equalTo(at(60)))
                .body("items[1].seriesKey", equalTo(instance + "/q-1/ivr_response_time"));
        ApiSecurity.as(Roles.VIEWER).queryParam("instanceId", instance).queryParam("metric", "ivr_response_time")
                .get("/api/v1/series").then().statusCode(200).body("total", equalTo(1));
        ApiSecurity.assertRefusesBadTokens("GET", "/api/v1/series", null, Roles.VIEWER, Roles.INGEST);
    }

    @Test
    void writesAreAuditedWithTheActingClient() {
        String body = batch(sample("inst-audit", "q-1", "ivr_response_time", 1, at(0)));
        ApiSecurity.as(Roles.INGEST).contentType(ContentType.JSON).body(body).post(PATH).then().statusCode(202);

        ApiSecurity.as(Roles.ADMIN).queryParam("actor", "sub-user-ingest").get("/api/v1/audit")
                .then().statusCode(200)
                .body("[0].actorName", equalTo("user-ingest"))
                .body("[0].method", equalTo("POST"))
                .body("[0].path", equalTo(PATH))
                .body("[0].status", equalTo(202));
    }

    private static boolean isOf(ConsumerRecord<String, String> record, String instance) {
        return record.key() != null && record.key().startsWith(instance + "/");
    }

    private static void assertNothingPublishedFor(MetricsTopicWindow topic, String instance) {
        try (topic) {
            assertThat(topic.recordsUntilNow(r -> isOf(r, instance))).isEmpty();
        }
    }

    private long outboxRowsMentioning(String text) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement count = connection.prepareStatement(
                        "SELECT count(*) FROM outbox_event WHERE payload LIKE ?")) {
            count.setString(1, "%" + text + "%");
            try (ResultSet result = count.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
