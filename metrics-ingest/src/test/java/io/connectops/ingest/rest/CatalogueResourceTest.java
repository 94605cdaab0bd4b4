package io.connectops.ingest.rest;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;

import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class CatalogueResourceTest {

    private static final String PATH = "/api/v1/metrics/catalogue";

    @Test
    void listsEveryMetricWithUnitAndMeaning() {
        ApiSecurity.as(Roles.VIEWER).get(PATH)
                .then().statusCode(200)
                .body("size()", greaterThan(40))
                .body("name", hasItems("abandonment_rate", "service_level", "oldest_contact_age", "agents_available",
                        "concurrent_calls", "lambda_errors", "lex_recognition_errors", "dynamodb_throttled_requests",
                        "ivr_response_time", "api_call_failures", "negative_sentiment_rate"))
                .body("find { it.name == 'abandonment_rate' }.unit", equalTo("PERCENT"))
                .body("find { it.name == 'abandonment_rate' }.origin", equalTo("CONNECT_INTERVAL"))
                .body("find { it.name == 'abandonment_rate' }.sourceName", equalTo("ABANDONMENT_RATE"))
                .body("find { it.name == 'oldest_contact_age' }.unit", equalTo("SECONDS"))
                .body("find { it.name == 'longest_queue_wait_time' }.sourceName",
                        equalTo("AWS/Connect/LongestQueueWaitTime"))
                .body("meaning", everyItem(notNullValue()));
    }

    @Test
    void filtersByOrigin() {
        ApiSecurity.as(Roles.INGEST).queryParam("origin", "PUSH").get(PATH)
                .then().statusCode(200)
                .body("origin", everyItem(equalTo("PUSH")))
                .body("name", hasItems("ivr_response_time", "api_call_failures", "negative_sentiment_rate"));
    }

    @Test
    void needsAReadingRole() {
        ApiSecurity.assertRefusesBadTokens("GET", PATH, null, Roles.VIEWER, Roles.SUPERVISOR);
    }
}
