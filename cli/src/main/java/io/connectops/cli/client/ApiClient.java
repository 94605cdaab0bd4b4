package io.connectops.cli.client;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.connectops.cli.config.Profile;

/**
 * The services' REST APIs as JSON trees. Every call carries a bearer token from the sign-in; any answer outside 2xx
 * becomes an {@link ApiProblem} with the server's problem details, and a service that does not answer becomes one
 * with status 0.
 */
public class ApiClient {

    /** The services cap list pages; the tool walks the pages itself. */
    static final int PAGE_SIZE = 200;

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private final HttpClient http;
    private final Profile profile;
    private final Supplier<String> token;

    public ApiClient(HttpClient http, Profile profile, Supplier<String> token) {
        this.http = http;
        this.profile = profile;
        this.token = token;
    }

    public static ObjectMapper json() {
        return JSON;
    }

    public JsonNode get(Service service, String path, Map<String, ?> query) {
        return send(service, "GET", path + queryString(query), null);
    }

    public JsonNode get(Service service, String path) {
        return get(service, path, Map.of());
    }

    public JsonNode post(Service service, String path, Object body) {
        return send(service, "POST", path, body);
    }

    public JsonNode put(Service service, String path, Object body) {
        return send(service, "PUT", path, body);
    }

    public JsonNode delete(Service service, String path) {
        return send(service, "DELETE", path, null);
    }

    /** Every item of a paged list ({@code {items, page, size, total}}), or the array a non-paged list answers. */
    public List<JsonNode> all(Service service, String path, Map<String, ?> query) {
        List<JsonNode> items = new ArrayList<>();
        for (int page = 0; ; page++) {
            Map<String, Object> withPage = new LinkedHashMap<>(query);
            withPage.put("page", page);
            withPage.put("size", PAGE_SIZE);
            JsonNode answer = get(service, path, withPage);
            if (answer.isArray()) {
                answer.forEach(items::add);
                return items;
            }
            answer.path("items").forEach(items::add);
            if (answer.path("items").size() < PAGE_SIZE || items.size() >= answer.path("total").asLong()) {
                return items;
            }
        }
    }

    private JsonNode send(Service service, String method, String path, Object body) {
        String url = profile.urlOf(service) + path;
        try {
            String bearer = token.get();
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(30))
                    .header("Accept", "application/json, application/problem+json")
                    .header("Authorization", "Bearer " + bearer);
            if (body != null) {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            } else if ("POST".equals(method) || "PUT".equals(method)) {
                request.method(method, HttpRequest.BodyPublishers.ofString("{}"))
                        .header("Content-Type", "application/json");
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> response = CappedBody.send(http, request.build(), CappedBody.API_MAX_BYTES);
            JsonNode tree = parse(response.body());
            if (response.statusCode() / 100 != 2) {
                throw ApiProblem.of(response.statusCode(), method, path, tree, response.body(),
                        response.statusCode() == 403 ? TokenClaims.roles(bearer) : null);
            }
            return tree == null ? JsonNodeFactory.instance.objectNode() : tree;
        } catch (IOException e) {
            throw new ApiProblem(0, method + " " + url + " → no answer (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", List.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiProblem(0, "interrupted", List.of());
        }
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (IOException notJson) {
            return null;
        }
    }

    static String queryString(Map<String, ?> query) {
        List<String> parts = new ArrayList<>();
        query.forEach((name, value) -> {
            if (value instanceof Iterable<?> values) {
                values.forEach(v -> parts.add(encode(name) + "=" + encode(String.valueOf(v))));
            } else if (value != null) {
                parts.add(encode(name) + "=" + encode(String.valueOf(value)));
            }
        });
        return parts.isEmpty() ? "" : parts.stream().collect(Collectors.joining("&", "?", ""));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
