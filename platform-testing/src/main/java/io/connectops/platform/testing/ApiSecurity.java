package io.connectops.platform.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The security baseline every endpoint must meet, checked the same way in every service: no token, a token from
 * another issuer, one issued for another client (audience), an expired token and a
 * forged one are 401; a valid token without an allowed role is 403.
 */
public final class ApiSecurity {

    private ApiSecurity() {
    }

    /**
     * Asserts that {@code method path} refuses every bad token and a token with {@code wrongRole}. The caller then
     * checks the right role itself, with a body that the endpoint accepts.
     */
    public static void assertRefusesBadTokens(String method, String path, String body, String rightRole,
            String wrongRole) {
        send(given(), method, path, body).then().statusCode(401);
        send(withToken(TestTokens.fromOtherIssuer(rightRole)), method, path, body).then().statusCode(401);
        send(withToken(TestTokens.expired(rightRole)), method, path, body).then().statusCode(401);
        send(withToken(TestTokens.signedByUnknownKey(rightRole)), method, path, body).then().statusCode(401);
        send(withToken(TestTokens.forOtherAudience(rightRole)), method, path, body).then().statusCode(401);
        send(withToken(TestTokens.forUser("someone-else", wrongRole)), method, path, body).then().statusCode(403);
    }

    public static RequestSpecification as(String role) {
        return withToken(TestTokens.forUser("user-" + role, role));
    }

    public static RequestSpecification withToken(String token) {
        return given().header("Authorization", TestTokens.bearer(token));
    }

    private static Response send(RequestSpecification request, String method, String path,
            String body) {
        if (body != null) {
            request = request.contentType(ContentType.JSON).body(body);
        }
        return request.request(method, path);
    }
}
