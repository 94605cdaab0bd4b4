package io.connectops.ingest.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.connectops.ingest.MetricsTopicWindow;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * A pushed sample is bounded as a whole (its series key fits the columns it is stored in), carries no control
 * characters and a finite value within its unit's range: anything else is a 400 naming the field, and nothing of
 * the batch is published or stored.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class PushBoundsTest {

    private static final String PATH = "/api/v1/metrics";
    private static final String AT = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(1))
            .toString();

    @Inject
    AgroalDataSource dataSource;

    private static String sample(String instance, String queue, String metric, String value, String unit,
            String extraFields) {
        return """
                {"instanceId":"%s","queueId":"%s","metric":"%s","value":%s,%s"timestamp":"%s"%s}"""
                .formatted(instance, queue, metric, value, unit == null ? "" : "\"unit\":\"" + unit + "\",", AT,
                        extraFields == null ? "" : "," + extraFields);
    }

    private static String batch(String... samples) {
        return "{\"samples\":[" + String.join(",", samples) + "]}";
    }

    @Test
    void aSampleWhoseSeriesKeyIsLongerThanItsColumnIsRefusedAndNothingIsPublishedOrStored() {
        // The poison sample of issue 13: every id at its maximum makes a key of about 1,277 characters.
        String instance = "poison-" + UUID.randomUUID() + "-" + "i".repeat(156);
        String poison = """
                {"instanceId":"%s","queueId":"%s","channel":"%s","agentId":"%s","metric":"custom_poison_len",
                 "value":1,"unit":"COUNT","timestamp":"%s","labels":{"routing_profile_id":"%s"}}"""
                .formatted(instance, "q".repeat(200), "c".repeat(50), "a".repeat(200), AT, "r".repeat(500));
        String good = sample(instance, "q-1", "ivr_response_time", "1", null, null);

        try (MetricsTopicWindow topic = MetricsTopicWindow.openAtEnd()) {
            ApiSecurity.as(Roles.INGEST).contentType(ContentType.JSON).body(batch(good, poison)).post(PATH)
                    .then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("status", equalTo(400))
                    .body("errors.field", contains("samples[1].seriesKey"))
                    .body("errors[0].message", containsString("at most 1000"));
            assertThat(topic.recordsUntilNow(r -> isOf(r, instance))).isEmpty();
        }
        assertThat(seriesStoredFor(instance)).isZero();
    }

    @Test
    void aSeriesKeyOfExactlyTheColumnLengthIsAccepted() {
        String instance = "edge-" + UUID.randomUUID();
        String queue = "q".repeat(200);
        String channel = "c".repeat(50);
        String agent = "a".repeat(200);
        String withoutLabel = instance + "/" + queue + "/" + channel + "/agent:" + agent + "/routing_profile:"
                + "/ivr_response_time";
        String label = "r".repeat(1000 - withoutLabel.length());
        String body = batch(sample(instance, queue, "ivr_response_time", "1", null, "\"channel\":\"" + channel
                + "\",\"agentId\":\"" + agent + "\",\"labels\":{\"routing_profile_id\":\"" + label + "\"}"));

        ApiSecurity.as(Roles.INGEST).contentType(ContentType.JSON).body(body).post(PATH)
                .then().statusCode(202).body("accepted", equalTo(1));
        ApiSecurity.as(Roles.INGEST).contentType(ContentType.JSON).body(body.replace(label, label + "r")).post(PATH)
                .then().statusCode(400).body("errors.field", contains("samples[0].seriesKey"));
    }

    @Test
    void controlCharactersInAnyTextAreRefusedNamingTheField() {
        String instance = "nul-" + UUID.randomUUID();
        // One sample a request: the platform's JSON reader may refuse a control character before this service
        // sees the batch, and it names the first one only.
        Map<String, String> samplesByField = new LinkedHashMap<>();
        samplesByField.put("samples[0].instanceId", sample(instance + "\\u0000", "q-1", "ivr_response_time", "1", null,
                null));
        samplesByField.put("samples[0].queueId", sample(instance, "q\\u0000", "ivr_response_time", "1", null, null));
        samplesByField.put("samples[0].channel", sample(instance, "q-1", "ivr_response_time", "1", null,
                "\"channel\":\"VO\\tICE\""));
        samplesByField.put("samples[0].agentId", sample(instance, "q-1", "ivr_response_time", "1", null,
                "\"agentId\":\"a\\u0000\""));
        samplesByField.put("samples[0].labels.flow", sample(instance, "q-1", "ivr_response_time", "1", null,
                "\"labels\":{\"flow\":\"main\\u0000\"}"));
        samplesByField.put("samples[0].unit", sample(instance, "q-1", "custom_x", "1", "COUNT\\u001f", null));

        try (MetricsTopicWindow topic = MetricsTopicWindow.openAtEnd()) {
            samplesByField.forEach((field, sample) -> ApiSecurity.as(Roles.INGEST).contentType(ContentType.JSON)
                    .body(batch(sample)).post(PATH)
                    .then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors.field", contains(field))
                    .body("errors[0].message", containsString("control characters")));
            ApiSecurity.as(Roles.INGEST).contentType(ContentType.JSON)
                    .body(batch(sample(instance, "q-1", "ivr_response_time", "1", null,
                            "\"labels\":{\"fl\\u0000ow\":\"main\"}")))
                    .post(PATH)
                    .then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].field", startsWith("samples[0].labels"));
            assertThat(topic.recordsUntilNow(r -> r.key() != null && r.key().contains(instance))).isEmpty();
        }
        assertThat(seriesStoredFor(instance)).isZero();
    }

    @Test
    void valuesMustBeFiniteAndWithinTheirUnitsRange() {
        String instance = "range-" + UUID.randomUUID();
        String percentAbove100 = sample(instance, "q-1", "negative_sentiment_rate", "100.5", null, null);
        String negativePercent = sample(instance, "q-1", "negative_sentiment_rate", "-5", null, null);
        String infinite = sample(instance, "q-1", "negative_sentiment_rate", "1e400", null, null);
        String negativeCount = sample(instance, "q-1", "api_call_failures", "-1", null, null);
        String negativeMillis = sample(instance, "q-1", "ivr_response_time", "-0.5", null, null);
        String customPercent = sample(instance, "q-1", "custom_csat", "101", "PERCENT", null);

        try (MetricsTopicWindow topic = MetricsTopicWindow.openAtEnd()) {
            ApiSecurity.as(Roles.INGEST).contentType(ContentType.JSON)
                    .body(batch(percentAbove100, negativePercent, infinite, negativeCount, negativeMillis,
                            customPercent))
                    .post(PATH)
                    .then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors.field", contains("samples[0].value", "samples[1].value", "samples[2].value",
                            "samples[3].value", "samples[4].value", "samples[5].value"))
                    .body("errors[0].message", equalTo("must be 0 to 100 for PERCENT"))
                    .body("errors[2].message", equalTo("must be a finite number"))
                    .body("errors[3].message", equalTo("must be >= 0 for COUNT"));
            assertThat(topic.recordsUntilNow(r -> isOf(r, instance))).isEmpty();
        }
        assertThat(seriesStoredFor(instance)).isZero();
    }

    @Test
    void notANumberIsRefusedNamingTheValue() {
        String instance = "nan-" + UUID.randomUUID();
        try (MetricsTopicWindow topic = MetricsTopicWindow.openAtEnd()) {
            ApiSecurity.as(Roles.INGEST).contentType(ContentType.JSON)
                    .body(batch(sample(instance, "q-1", "negative_sentiment_rate", "\"NaN\"", null, null)))
                    .post(PATH)
                    .then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors.field", contains("samples[0].value"));
            assertThat(topic.recordsUntilNow(r -> isOf(r, instance))).isEmpty();
        }
    }

    @Test
    void theBoundsOfEachUnitAreAccepted() {
        String instance = "bounds-" + UUID.randomUUID();
        ApiSecurity.as(Roles.INGEST).contentType(ContentType.JSON)
                .body(batch(sample(instance, "q-1", "negative_sentiment_rate", "0", null, null),
                        sample(instance, "q-2", "negative_sentiment_rate", "100", null, null),
                        sample(instance, "q-1", "api_call_failures", "0", null, null),
                        sample(instance, "q-1", "custom_big", "1e300", "COUNT", null)))
                .post(PATH)
                .then().statusCode(202).body("accepted", equalTo(4));
    }

    @Test
    void everyBoundFaultOfABatchIsNamedAtOnceWithTheOthers() {
        String instance = "all-" + UUID.randomUUID();
        String unknown = sample(instance, "q-1", "unheard_of_metric", "1", null, null);
        String percent = sample(instance, "q-1", "negative_sentiment_rate", "250", null, null);
        String negative = sample(instance, "q-2", "api_call_failures", "-3", null, null);
        String longKey = sample(instance, "q".repeat(200), "custom_long", "1", "COUNT",
                "\"agentId\":\"" + "a".repeat(200) + "\",\"channel\":\"" + "c".repeat(50)
                        + "\",\"labels\":{\"routing_profile_id\":\"" + "r".repeat(500) + "\"}");

        try (MetricsTopicWindow topic = MetricsTopicWindow.openAtEnd()) {
            ApiSecurity.as(Roles.INGEST).contentType(ContentType.JSON).body(batch(unknown, percent, negative, longKey))
                    .post(PATH)
                    .then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("detail", equalTo("4 fields are invalid"))
                    .body("errors.field", contains("samples[0].metric", "samples[1].value", "samples[2].value",
                            "samples[3].seriesKey"));
            assertThat(topic.recordsUntilNow(r -> isOf(r, instance))).isEmpty();
        }
    }

    private static boolean isOf(ConsumerRecord<String, String> record, String instance) {
        return record.key() != null && record.key().startsWith(instance);
    }

    private long seriesStoredFor(String instancePrefix) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement count = connection.prepareStatement(
                        "SELECT count(*) FROM series_latest WHERE instance_id LIKE ?")) {
            count.setString(1, instancePrefix + "%");
            try (ResultSet result = count.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
