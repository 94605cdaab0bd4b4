package io.connectops.platform.testing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Walks every operation of the service's own {@code /q/openapi} twice. First with malformed input: bodies that are
 * not JSON or of the wrong shape, every field of the wrong type, with a NUL, far too long, with extreme numbers and
 * dates; bad ids; bad and overflowing paging. Every answer must be below 500, every 4xx a problem document, and no
 * table the API writes may change. Then with every kind of caller: no token and a tampered token are 401, a token for
 * another audience is 401, and each role gets 403 exactly where the operation does not declare it. A service's test
 * extends this with {@code @QuarkusTest} and names its schema and the tables its background workers write.
 */
public abstract class ApiContractFuzz {

    /** Every role a token can carry, the machine ones included. */
    protected static final List<String> ROLES = List.of("viewer", "incident-manager", "supervisor", "admin",
            "ingest", "servicenow");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String HUGE = "x".repeat(100_001);
    private static final List<String> BAD_IDS = List.of("not-a-uuid", "%00", "x".repeat(3000), "-1",
            "99999999999999999999", "%2e%2e");
    private static final List<String> BAD_QUERY_VALUES = List.of("%00", "x".repeat(5000), "-1", "99999999999999999999",
            "1e400", "NaN", "%2B294277-01-01T00:00:00Z", "-290000-01-01", "P99999999999D", "not-a-value");
    private static final List<String> BAD_BODIES = List.of("{", "[]", "null", "\"text\"", "12", "{\"a\":1,\"a\":2}",
            "{\"\\u0000\":1}");

    private JsonNode document;
    private final List<String> failures = new ArrayList<>();
    private int requests;

    /** The PostgreSQL schema of the service under test. */
    protected abstract String schema();

    /**
     * Tables that the service's background workers write while the test runs (consumers, pollers, sweepers): their
     * rows are not compared. The audit trail, outbox, inbox and migration history are never compared.
     */
    protected Set<String> tablesWrittenInBackground() {
        return Set.of();
    }

    /** Operations to leave out of the malformed-input walk, as "METHOD /path", with the reason in a comment. */
    protected Set<String> operationsNotFuzzed() {
        return Set.of();
    }

    @BeforeEach
    void readTheServicesOwnContract() throws Exception {
        String text = given().accept("application/json").get("/q/openapi?format=json").then().statusCode(200)
                .extract().asString();
        document = JSON.readTree(text);
    }

    @Test
    void everyOperationRefusesMalformedInputWithAProblemAndChangesNothing() throws Exception {
        Map<String, String> before = tableDigests();
        for (Operation operation : operations()) {
            if (operationsNotFuzzed().contains(operation.method + " " + operation.path)) {
                continue;
            }
            String role = operation.roles.isEmpty() ? "admin" : operation.roles.get(0);
            for (String id : BAD_IDS) {
                if (!operation.pathParameters.isEmpty()) {
                    expectRefusal(operation, role, operation.pathWith(id), null, Map.of(), "path id " + id);
                }
            }
            for (JsonNode parameter : operation.queryParameters) {
                String name = parameter.path("name").asText();
                for (String value : BAD_QUERY_VALUES) {
                    expectRefusal(operation, role, operation.pathWith(null), null, Map.of(name, value),
                            "query " + name + "=" + abbreviate(value));
                }
            }
            if (operation.hasQuery("page")) {
                expectRefusal(operation, role, operation.pathWith(null), null,
                        Map.of("page", "2147483647", "size", "200"), "page overflow");
                expectRefusal(operation, role, operation.pathWith(null), null,
                        Map.of("page", "10737419", "size", "200"), "page × size overflow");
            }
            if (operation.jsonBody != null) {
                for (String body : BAD_BODIES) {
                    expectRefusal(operation, role, operation.pathWith(null), body, Map.of(), "body " + body);
                }
                JsonNode sample = sampleOf(operation.jsonBody, 0);
                if (sample instanceof ObjectNode object) {
                    for (Map.Entry<String, JsonNode> mutated : mutationsOf(object, operation.jsonBody).entrySet()) {
                        expectRefusal(operation, role, operation.pathWith(null), JSON.writeValueAsString(mutated.getValue()),
                                Map.of(), mutated.getKey());
                    }
                }
            }
        }
        Map<String, String> after = tableDigests();
        assertThat(after).as("rows and values of the tables the API writes").isEqualTo(before);
        assertThat(failures).as(failures.size() + " of " + requests + " malformed requests were answered wrongly")
                .isEmpty();
        System.getLogger(ApiContractFuzz.class.getName()).log(System.Logger.Level.INFO,
                "ApiContractFuzz: {0} malformed requests over {1} operations", requests, operations().size());
    }

    @Test
    void everyOperationAnswersExactlyTheRolesItDeclares() {
        assertThat(operations()).as("operations of /q/openapi that declare their roles")
                .anyMatch(operation -> !operation.roles.isEmpty());
        for (Operation operation : operations()) {
            String path = operation.pathWith(UUID.randomUUID().toString());
            String body = operation.jsonBody == null ? null : "{}";
            if (operation.roles.isEmpty()) {
                continue;
            }
            expectStatus(operation, given(), path, body, 401, "no token");
            String valid = TestTokens.forUser("fuzz-" + operation.roles.get(0), operation.roles.get(0));
            expectStatus(operation, ApiSecurity.withToken(tampered(valid)), path, body, 401, "tampered token");
            expectStatus(operation, ApiSecurity.withToken(TestTokens.forOtherAudience(operation.roles.get(0))), path,
                    body, 401, "token for another audience");
            for (String role : ROLES) {
                Response response = send(ApiSecurity.as(role), operation.method, path, body, Map.of());
                int status = response.statusCode();
                if (operation.roles.contains(role)) {
                    if (status == 401 || status == 403 || status >= 500) {
                        failures.add(operation + " as " + role + " (declared): " + status);
                    }
                } else if (status != 403) {
                    failures.add(operation + " as " + role + " (not declared): " + status + ", expected 403");
                }
            }
        }
        assertThat(failures).as("answers that differ from the declared roles").isEmpty();
    }

    private void expectRefusal(Operation operation, String role, String path, String body, Map<String, String> query,
            String what) {
        requests++;
        Response response = send(ApiSecurity.as(role), operation.method, path, body, query);
        int status = response.statusCode();
        String type = response.contentType() == null ? "" : response.contentType();
        if (status >= 500) {
            failures.add(operation + " " + what + ": " + status + " " + abbreviate(response.asString()));
        } else if (status >= 400 && !type.startsWith("application/problem+json")) {
            failures.add(operation + " " + what + ": " + status + " is not a problem (" + type + ")");
        } else if (status < 400 && operation.isWrite() && body != null) {
            failures.add(operation + " " + what + ": accepted with " + status);
        }
    }

    private void expectStatus(Operation operation, RequestSpecification request, String path, String body,
            int expected, String what) {
        int status = send(request, operation.method, path, body, Map.of()).statusCode();
        if (status != expected) {
            failures.add(operation + " with " + what + ": " + status + ", expected " + expected);
        }
    }

    private static Response send(RequestSpecification request, String method, String path, String body,
            Map<String, String> query) {
        request = request.urlEncodingEnabled(false);
        for (Map.Entry<String, String> parameter : query.entrySet()) {
            request = request.queryParam(parameter.getKey(), parameter.getValue());
        }
        if (body != null) {
            request = request.contentType("application/json").body(body);
        }
        return request.request(method, path);
    }

    /** The same token with one character of its signature changed. */
    private static String tampered(String token) {
        char last = token.charAt(token.length() - 2);
        return token.substring(0, token.length() - 2) + (last == 'A' ? 'B' : 'A') + token.charAt(token.length() - 1);
    }

    // ----- the document -------------------------------------------------------------------------------------------

    record Operation(String method, String path, List<String> roles, List<JsonNode> pathParameters,
            List<JsonNode> queryParameters, JsonNode jsonBody) {

        String pathWith(String id) {
            String value = id == null ? UUID.randomUUID().toString() : id;
            return path.replaceAll("\\{[^}]+}", Matcher.quoteReplacement(value));
        }

        boolean hasQuery(String name) {
            return queryParameters.stream().anyMatch(p -> name.equals(p.path("name").asText()));
        }

        boolean isWrite() {
            return !method.equals("GET");
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext();) {
            Map.Entry<String, JsonNode> path = paths.next();
            if (!path.getKey().startsWith("/api/")) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields(); methods.hasNext();) {
                Map.Entry<String, JsonNode> entry = methods.next();
                String method = entry.getKey().toUpperCase();
                if (!Set.of("GET", "POST", "PUT", "DELETE", "PATCH").contains(method)) {
                    continue;
                }
                JsonNode operation = entry.getValue();
                List<String> roles = new ArrayList<>();
                for (JsonNode requirement : operation.path("security")) {
                    requirement.fields().forEachRemaining(scheme -> scheme.getValue()
                            .forEach(role -> roles.add(role.asText())));
                }
                List<JsonNode> pathParameters = new ArrayList<>();
                List<JsonNode> queryParameters = new ArrayList<>();
                List<JsonNode> parameters = new ArrayList<>();
                path.getValue().path("parameters").forEach(parameters::add);
                operation.path("parameters").forEach(parameters::add);
                for (JsonNode parameter : parameters) {
                    JsonNode resolved = resolve(parameter);
                    if ("path".equals(resolved.path("in").asText())) {
                        pathParameters.add(resolved);
                    } else if ("query".equals(resolved.path("in").asText())) {
                        queryParameters.add(resolved);
                    }
                }
                JsonNode body = operation.path("requestBody").path("content").path("application/json").path("schema");
                operations.add(new Operation(method, path.getKey(), roles, pathParameters, queryParameters,
                        body.isMissingNode() ? null : body));
            }
        }
        return operations;
    }

    private JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        for (int depth = 0; current.has("$ref") && depth < 10; depth++) {
            String[] parts = current.get("$ref").asText().replaceFirst("^#/", "").split("/");
            JsonNode target = document;
            for (String part : parts) {
                target = target.path(part);
            }
            current = target;
        }
        if (current.has("allOf") && current.get("allOf").size() == 1) {
            return resolve(current.get("allOf").get(0));
        }
        return current;
    }

    /** A value of the schema's shape, each field filled with something plausible. */
    private JsonNode sampleOf(JsonNode schemaNode, int depth) {
        JsonNode schema = resolve(schemaNode);
        if (schema.has("enum") && schema.get("enum").size() > 0) {
            return schema.get("enum").get(0);
        }
        String type = typeOf(schema);
        String format = schema.path("format").asText("");
        switch (type) {
            case "object":
                ObjectNode object = NODES.objectNode();
                if (depth < 3) {
                    schema.path("properties").fields()
                            .forEachRemaining(p -> object.set(p.getKey(), sampleOf(p.getValue(), depth + 1)));
                }
                return object;
            case "array":
                ArrayNode array = NODES.arrayNode();
                if (depth < 3) {
                    array.add(sampleOf(schema.path("items"), depth + 1));
                }
                return array;
            case "integer":
                return NODES.numberNode(1);
            case "number":
                return NODES.numberNode(1.5);
            case "boolean":
                return NODES.booleanNode(true);
            default:
                return NODES.textNode(switch (format) {
                    case "uuid" -> UUID.randomUUID().toString();
                    case "date-time" -> "2026-12-04T10:00:00Z";
                    case "date" -> "2026-12-04";
                    case "duration" -> "PT15M";
                    default -> "fuzz";
                });
        }
    }

    private static String typeOf(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (!"null".equals(t.asText())) {
                    return t.asText();
                }
            }
        }
        if (type.isTextual()) {
            return type.asText();
        }
        return schema.has("properties") ? "object" : "string";
    }

    /** One malformed body per top-level field and kind of fault, named by what it does. */
    private Map<String, JsonNode> mutationsOf(ObjectNode sample, JsonNode schemaNode) {
        JsonNode schema = resolve(schemaNode);
        Map<String, JsonNode> mutations = new LinkedHashMap<>();
        for (Iterator<String> names = sample.fieldNames(); names.hasNext();) {
            String field = names.next();
            JsonNode fieldSchema = resolve(schema.path("properties").path(field));
            String type = fieldSchema.has("enum") ? "enum" : typeOf(fieldSchema);
            String format = fieldSchema.path("format").asText("");
            List<Map.Entry<String, JsonNode>> faults = new ArrayList<>();
            switch (type) {
                case "string", "enum" -> {
                    faults.add(Map.entry("boolean for a string", NODES.booleanNode(true)));
                    faults.add(Map.entry("number for a string", NODES.numberNode(0)));
                    faults.add(Map.entry("NUL in a string", NODES.textNode("nul\u0000probe")));
                    faults.add(Map.entry("escape in a string", NODES.textNode("esc\u001b[31m")));
                    faults.add(Map.entry("huge string", NODES.textNode(HUGE)));
                    if (format.startsWith("date")) {
                        faults.add(Map.entry("far date", NODES.textNode(format.equals("date") ? "+294277-01-01"
                                : "+294277-01-01T00:00:00Z")));
                        faults.add(Map.entry("early date", NODES.textNode(format.equals("date") ? "-290000-01-01"
                                : "-290000-01-01T00:00:00Z")));
                    }
                    if (format.equals("duration")) {
                        faults.add(Map.entry("endless duration", NODES.textNode("PT9999999999999H")));
                    }
                }
                case "integer", "number" -> {
                    faults.add(Map.entry("string for a number", NODES.textNode("12")));
                    faults.add(Map.entry("boolean for a number", NODES.booleanNode(false)));
                    faults.add(Map.entry("huge number", NODES.numberNode(new BigDecimal("1e400"))));
                    faults.add(Map.entry("huge negative number", NODES.numberNode(new BigDecimal("-1e400"))));
                }
                case "boolean" -> {
                    faults.add(Map.entry("string for a boolean", NODES.textNode("true")));
                    faults.add(Map.entry("number for a boolean", NODES.numberNode(1)));
                }
                case "array" -> {
                    faults.add(Map.entry("object for an array", NODES.objectNode()));
                    faults.add(Map.entry("string for an array", NODES.textNode("x")));
                }
                case "object" -> {
                    faults.add(Map.entry("array for an object", NODES.arrayNode()));
                    faults.add(Map.entry("string for an object", NODES.textNode("x")));
                }
                default -> {
                }
            }
            for (Map.Entry<String, JsonNode> fault : faults) {
                ObjectNode mutated = sample.deepCopy();
                mutated.set(field, fault.getValue());
                mutations.put(field + ": " + fault.getKey(), mutated);
            }
        }
        return mutations;
    }

    // ----- the state ----------------------------------------------------------------------------------------------

    /**
     * The digest of every table the API writes (rows and their values, {@link TableDigests}). Left out everywhere:
     * {@code audit*} (the audit trail records refused attempts too, so a refusal may add to it), {@code outbox*}
     * (background workers' events are added and the relay marks each one sent), {@code applied_event} (the inbox of
     * the consumers, which run throughout), and {@code flyway_schema_history} (written by migrations when a service
     * starts, which a test JVM of the same service sharing the database may do meanwhile); and each service's
     * {@link #tablesWrittenInBackground()}.
     */
    private Map<String, String> tableDigests() throws SQLException {
        Set<String> background = tablesWrittenInBackground();
        return TableDigests.of(schema(), table -> table.startsWith("audit") || table.startsWith("outbox")
                || table.equals("applied_event") || table.equals("flyway_schema_history")
                || background.contains(table));
    }

    private static String abbreviate(String text) {
        String single = text.replaceAll("\\s+", " ");
        return single.length() > 160 ? single.substring(0, 160) + "…" : single;
    }
}
