package io.connectops.incidents.rest;

import static io.connectops.incidents.IncidentApi.BASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.connectops.incidents.IncidentApi;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.connectops.platform.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The probes of the hardening study, each of which once opened an incident or answered 500. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class HostileInputTest {

    @Test
    void aBooleanDescriptionIsRefusedAndOpensNothing() {
        String title = "probe-" + UUID.randomUUID();
        IncidentApi.manager().body("{\"title\":\"" + title + "\",\"description\":true,\"severity\":\"P1\"}")
                .post(BASE).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("description"));
        assertNothingOpened(title);
    }

    @Test
    void aSeverityGivenByItsIndexIsRefused() {
        String title = "probe-" + UUID.randomUUID();
        IncidentApi.manager().body("{\"title\":\"" + title + "\",\"severity\":0}")
                .post(BASE).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("severity"));
        assertNothingOpened(title);
    }

    @Test
    void aKeyGivenTwiceIsRefused() {
        String title = "probe-" + UUID.randomUUID();
        IncidentApi.manager().body("{\"title\":\"" + title + "\",\"severity\":\"P4\",\"severity\":\"P1\"}")
                .post(BASE).then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("Duplicate field 'severity'"));
        assertNothingOpened(title);
    }

    @Test
    void aNulInTheBodyIsRefusedNamingTheFieldWithoutEchoingIt() {
        String title = "probe-" + UUID.randomUUID();
        IncidentApi.manager().body("{\"title\":\"" + title + "\",\"description\":\"nul\\u0000probe\",\"severity\":\"P4\"}")
                .post(BASE).then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("description"))
                .body("errors[0].message", equalTo("must not contain control characters"))
                .body(not(containsString("nul")));
        assertNothingOpened(title);
    }

    @Test
    void aNulInAQueryParameterOrAPathSegmentIsA400Problem() {
        IncidentApi.viewer().urlEncodingEnabled(false).get(BASE + "?q=a%00b").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("q"));
        IncidentApi.viewer().urlEncodingEnabled(false).get(BASE + "/%00").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void aMalformedIdOrAPageThatWouldOverflowIsA400NotA404OrA500() {
        IncidentApi.viewer().get(BASE + "/not-a-uuid/timeline").then().statusCode(400)
                .contentType("application/problem+json");
        IncidentApi.viewer().get(BASE + "?page=10737419&size=200").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("page"));
    }

    @Test
    void aTokenIssuedForAnotherClientOfTheRealmIsRefused() {
        ApiSecurity.withToken(TestTokens.forOtherAudience(Roles.INCIDENT_MANAGER)).get(BASE).then().statusCode(401);
        ApiSecurity.as(Roles.INCIDENT_MANAGER).get(BASE).then().statusCode(200);
    }

    private static void assertNothingOpened(String title) {
        int total = IncidentApi.viewer().get(BASE + "?q=" + title).then().statusCode(200).extract().path("total");
        assertThat(total).as("incidents titled " + title).isZero();
    }
}
