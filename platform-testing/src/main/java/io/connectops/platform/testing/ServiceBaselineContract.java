package io.connectops.platform.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

/**
 * What every service answers the same way: open health, metrics and OpenAPI; a secured API that refuses bad tokens
 * and wrong roles; problem responses for unknown paths. A service's test extends it with {@code @QuarkusTest} and
 * names one read endpoint and its roles.
 */
public abstract class ServiceBaselineContract {

    /** A GET endpoint of the service that answers 200 with {@link #readRole()}. */
    protected abstract String securedReadPath();

    protected abstract String readRole();

    /** A role that must not read {@link #securedReadPath()}. */
    protected abstract String roleWithoutAccess();

    @Test
    void readinessIsUpWithDatabaseAndKafka() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body(containsString("Database connections health check"));
    }

    @Test
    void livenessMetricsAndOpenApiAreOpen() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
        given().get("/q/openapi").then().statusCode(200).body(containsString(securedReadPath()));
    }

    @Test
    void securedEndpointRefusesBadTokensAndWrongRoles() {
        ApiSecurity.assertRefusesBadTokens("GET", securedReadPath(), null, readRole(), roleWithoutAccess());
        ApiSecurity.as(readRole()).get(securedReadPath()).then().statusCode(200);
    }

    @Test
    void unknownPathIsAProblem() {
        ApiSecurity.as(readRole()).get("/api/v1/no-such-thing").then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("title", equalTo("Not Found"));
    }
}
