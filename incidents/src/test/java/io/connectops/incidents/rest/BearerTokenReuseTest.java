package io.connectops.incidents.rest;

import static io.connectops.incidents.IncidentApi.BASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.connectops.incidents.IncidentApi;
import io.connectops.platform.security.Roles;
import io.connectops.platform.security.VerifiedTokens;
import io.connectops.platform.testing.RealInfrastructure;
import io.connectops.platform.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * A client sends the same bearer token on every request: platform's VerifiedTokens answers it from memory after the
 * first verification, with the same person and roles, until the token expires; any other text is verified again.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class BearerTokenReuseTest {

    @Inject
    VerifiedTokens verifiedTokens;

    private static RequestSpecification with(String token) {
        return RestAssured.given().header("Authorization", TestTokens.bearer(token)).contentType(ContentType.JSON);
    }

    @Test
    void aTokenSentAgainIsAnsweredFromMemoryAsTheSamePersonWithTheSameRoles() {
        String id = IncidentApi.open("P3", "billing");
        String manager = TestTokens.forUser("reuse.manager", Roles.INCIDENT_MANAGER);
        String viewer = TestTokens.forUser("reuse.viewer", Roles.VIEWER);

        with(manager).get(BASE + "/" + id).then().statusCode(200);
        assertThat(verifiedTokens.contains("Default", manager)).isTrue();
        long hits = verifiedTokens.hits();

        with(manager).post(BASE + "/" + id + "/acknowledge").then().statusCode(200)
                .body("acknowledgedBy", org.hamcrest.Matchers.equalTo("reuse.manager"));
        assertThat(verifiedTokens.hits()).isEqualTo(hits + 1);

        with(viewer).get(BASE + "/" + id).then().statusCode(200);
        with(viewer).body(IncidentApi.VALID_BODIES.get(io.connectops.incidents.domain.LifecycleAction.CANCEL))
                .post(BASE + "/" + id + "/cancel").then().statusCode(403);
        assertThat(verifiedTokens.hits()).isEqualTo(hits + 2);
    }

    @Test
    void aKeptTokenIsRefusedFromTheMomentItExpires() {
        Instant expiresAt = Instant.now().plusSeconds(4);
        String token = TestTokens.forUserUntil(expiresAt, "short.lived", Roles.VIEWER);
        with(token).get(BASE).then().statusCode(200);
        assertThat(verifiedTokens.contains("Default", token)).isTrue();

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> with(token).get(BASE).statusCode() == 401);
        // Kept for max-age (one minute) it would still pass; refused within moments of its exp claim.
        assertThat(Instant.now()).isBefore(expiresAt.plusSeconds(15));
    }

    @Test
    void aTokenThatDiffersFromAKeptOneIsVerifiedAndRefused() {
        String token = TestTokens.forUser("tamper.target", Roles.INCIDENT_MANAGER);
        with(token).get(BASE).then().statusCode(200);
        assertThat(verifiedTokens.contains("Default", token)).isTrue();

        // A character inside the signature (the last one carries padding bits that decoding drops).
        int at = token.length() - 10;
        String tampered = token.substring(0, at) + (token.charAt(at) == 'A' ? 'B' : 'A') + token.substring(at + 1);
        with(tampered).get(BASE).then().statusCode(401);
        with(TestTokens.signedByUnknownKey(Roles.INCIDENT_MANAGER)).get(BASE).then().statusCode(401);
        assertThat(verifiedTokens.contains("Default", tampered)).isFalse();
    }
}
