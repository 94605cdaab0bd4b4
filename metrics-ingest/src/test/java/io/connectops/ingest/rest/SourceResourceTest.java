package io.connectops.ingest.rest;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.util.UUID;

import org.assertj.core.api.Assertions;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

import io.connectops.ingest.ConnectFixtures;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class SourceResourceTest {

    private static final String PATH = "/api/v1/sources";

    /** A disabled source on an unreachable endpoint: these tests are about the API, not the pollers. */
    private static String spec(String instanceId, String extra) {
        return """
                {"name":"Contact center %s","instanceArn":"%s","queueIds":["q-1","q-2"],"channels":["VOICE","CHAT"],
                 "currentMetricsInterval":"PT30S","credentialsRef":"secret:simulator",
                 "endpointOverride":"http://127.0.0.1:9"%s}""".formatted(instanceId, ConnectFixtures.arn(instanceId),
                extra == null ? "" : "," + extra);
    }

    private static String create(String instanceId) {
        String id = ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON).body(spec(instanceId, null)).post(PATH)
                .then().statusCode(201).extract().path("id");
        ApiSecurity.as(Roles.ADMIN).post(PATH + "/" + id + "/disable").then().statusCode(200);
        return id;
    }

    @Test
    void aSourceIsRegisteredWithDefaultsAndItsCredentialsAreNeverReturned() {
        String instanceId = ConnectFixtures.newInstanceId();
        String created = ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON).body(spec(instanceId, null))
                .post(PATH)
                .then().statusCode(201)
                .body("instanceId", equalTo(instanceId))
                .body("region", equalTo("us-east-1"))
                .body("accountId", equalTo("123456789012"))
                .body("queueIds", contains("q-1", "q-2"))
                .body("channels", contains("VOICE", "CHAT"))
                .body("currentMetricsInterval", equalTo("PT30S"))
                .body("intervalMetricsInterval", equalTo("PT15M"))
                .body("agentStatesInterval", equalTo("PT15S"))
                .body("serviceLevelThresholdSeconds", equalTo(20))
                .body("credentials", equalTo("NAMED_SECRET"))
                .body("enabled", equalTo(true))
                .extract().asString();
        Assertions.assertThat(created).doesNotContain("secret:simulator", "simulator-secret",
                "AKIDEXAMPLE");
        String id = JsonPath.from(created).getString("id");

        ApiSecurity.as(Roles.ADMIN).post(PATH + "/" + id + "/disable").then().statusCode(200)
                .body("status", equalTo("DISABLED"));
        ApiSecurity.as(Roles.ADMIN).queryParam("instanceId", instanceId).get(PATH)
                .then().statusCode(200).body("total", equalTo(1)).body("items[0].id", equalTo(id))
                .body("items[0]", not(Matchers.hasKey("credentialsRef")));
    }

    @Test
    void sourcesAreChangedAndRemoved() {
        String instanceId = ConnectFixtures.newInstanceId();
        String id = create(instanceId);

        ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON)
                .body(spec(instanceId, "\"serviceLevelThresholdSeconds\":45,\"queueIds\":[]").replace(
                        "\"queueIds\":[\"q-1\",\"q-2\"],", ""))
                .put(PATH + "/" + id)
                .then().statusCode(200)
                .body("serviceLevelThresholdSeconds", equalTo(45))
                .body("queueIds.size()", equalTo(0));
        ApiSecurity.as(Roles.ADMIN).delete(PATH + "/" + id).then().statusCode(204);
        ApiSecurity.as(Roles.ADMIN).get(PATH + "/" + id).then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void enablingAnEnabledSourceIsAConflictThatSaysWhatIsAllowed() {
        String id = create(ConnectFixtures.newInstanceId());
        ApiSecurity.as(Roles.ADMIN).post(PATH + "/" + id + "/disable").then().statusCode(409)
                .body("detail", containsString("allowed: enable"));
        ApiSecurity.as(Roles.ADMIN).post(PATH + "/" + id + "/enable").then().statusCode(200)
                .body("enabled", equalTo(true));
        ApiSecurity.as(Roles.ADMIN).post(PATH + "/" + id + "/enable").then().statusCode(409);
        ApiSecurity.as(Roles.ADMIN).post(PATH + "/" + id + "/disable").then().statusCode(200);
    }

    @Test
    void badSpecsAreRefusedWithTheFieldsAtFault() {
        String instanceId = ConnectFixtures.newInstanceId();
        ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON)
                .body(spec(instanceId, null).replace(ConnectFixtures.arn(instanceId), "arn:aws:s3:::bucket")
                        .replace("\"VOICE\",\"CHAT\"", "\"FAX\""))
                .post(PATH)
                .then().statusCode(400)
                .body("errors.field", hasItem("instanceArn"))
                .body("errors.field", hasItem(containsString("channels")));
        ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON)
                .body(spec(instanceId, null).replace("secret:simulator", "secret:nobody")
                        .replace("PT30S", "PT0.1S"))
                .post(PATH)
                .then().statusCode(400)
                .body("errors.field", contains("credentialsRef", "currentMetricsInterval"));
        ApiSecurity.as(Roles.ADMIN).queryParam("instanceId", instanceId).get(PATH).then().body("total", equalTo(0));
    }

    @Test
    void theSameInstanceCannotBeRegisteredTwice() {
        String instanceId = ConnectFixtures.newInstanceId();
        create(instanceId);
        ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON).body(spec(instanceId, null)).post(PATH)
                .then().statusCode(409);
    }

    @Test
    void onlyAdminsManageSources() {
        ApiSecurity.assertRefusesBadTokens("POST", PATH, spec(ConnectFixtures.newInstanceId(), null), Roles.ADMIN,
                Roles.VIEWER);
        ApiSecurity.assertRefusesBadTokens("GET", PATH + "/" + UUID.randomUUID(), null, Roles.ADMIN, Roles.INGEST);
    }

    @Test
    void viewersReadSourcesButNeverTheirCredentials() {
        String instanceId = ConnectFixtures.newInstanceId();
        String id = create(instanceId);
        String listed = ApiSecurity.as(Roles.VIEWER).get(PATH + "?instanceId=" + instanceId).then().statusCode(200)
                .body("items.id", Matchers.hasItem(id)).extract().asString();
        String one = ApiSecurity.as(Roles.VIEWER).get(PATH + "/" + id).then().statusCode(200).extract().asString();
        Assertions.assertThat(listed + one).doesNotContain("secret").doesNotContain("AKID");
        ApiSecurity.as(Roles.VIEWER).post(PATH + "/" + id + "/disable").then().statusCode(403);
    }
}
