package io.connectops.ingest.rest;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.connectops.ingest.ConnectFixtures;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The AWS SDK signs its requests to a source's endpointOverride with the source's credentials: an override aimed at
 * the metadata service or another special-purpose address is a 400 naming the field, and changes nothing.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class EndpointOverrideRefusalTest {

    private static final String PATH = "/api/v1/sources";

    private static String spec(String instanceId, String endpoint) {
        return """
                {"name":"Contact center %s","instanceArn":"%s","credentialsRef":"secret:simulator",
                 "endpointOverride":"%s"}""".formatted(instanceId, ConnectFixtures.arn(instanceId), endpoint);
    }

    @Test
    void aSourceAimedAtTheMetadataServiceIsRefusedAndNotRegistered() {
        String instanceId = ConnectFixtures.newInstanceId();

        ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON)
                .body(spec(instanceId, "http://169.254.169.254/latest/meta-data/")).post(PATH)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", contains("endpointOverride"))
                .body("errors[0].message", containsString("instance metadata service"));

        ApiSecurity.as(Roles.ADMIN).queryParam("instanceId", instanceId).get(PATH)
                .then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void aSourceCannotBeRepointedAtAnIpv4MappedOrUniqueLocalAddress() {
        String instanceId = ConnectFixtures.newInstanceId();
        String id = ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON)
                .body(spec(instanceId, "http://127.0.0.1:9")).post(PATH)
                .then().statusCode(201).extract().path("id");
        ApiSecurity.as(Roles.ADMIN).post(PATH + "/" + id + "/disable").then().statusCode(200);

        for (String endpoint : new String[] { "http://[::ffff:169.254.169.254]/", "http://[fd00:ec2::254]/",
                "http://100.100.100.200/", "http://[64:ff9b::a9fe:a9fe]/" }) {
            ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON).body(spec(instanceId, endpoint))
                    .put(PATH + "/" + id)
                    .then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors.field", contains("endpointOverride"));
        }

        ApiSecurity.as(Roles.ADMIN).get(PATH + "/" + id)
                .then().statusCode(200).body("endpointOverride", equalTo("http://127.0.0.1:9"));
        ApiSecurity.as(Roles.ADMIN).delete(PATH + "/" + id).then().statusCode(204);
    }
}
