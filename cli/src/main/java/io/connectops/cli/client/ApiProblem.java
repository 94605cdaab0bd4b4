package io.connectops.cli.client;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.connectops.cli.ExitCodes;

/**
 * A refusal or failure from a service, carrying the RFC 9457 problem it answered (title, detail and the fields at
 * fault) so that the user reads what the server said, not a stack trace.
 */
public class ApiProblem extends RuntimeException {

    private final int status;
    private final List<String> fields;

    public ApiProblem(int status, String message, List<String> fields) {
        super(message);
        this.status = status;
        this.fields = List.copyOf(fields);
    }

    /**
     * Reads a problem+json body; a body that is not one still gives the status and its first line. A 403 names the
     * roles the operation needs (the problem's {@code roles}) and, when the token says, the roles the caller has.
     *
     * @param callerRoles the roles in the caller's token, or null when the tool cannot tell
     */
    static ApiProblem of(int status, String method, String path, JsonNode body, String raw, List<String> callerRoles) {
        List<String> fields = new ArrayList<>();
        String message;
        if (body != null && body.isObject() && (body.has("title") || body.has("detail"))) {
            String title = body.path("title").asText("");
            String detail = body.path("detail").asText("");
            List<String> needed = new ArrayList<>();
            body.path("roles").forEach(role -> needed.add(role.asText()));
            if (status == 403 && !needed.isEmpty()) {
                detail = "needs role " + String.join(" or ", needed);
            }
            if (status == 403 && callerRoles != null) {
                detail = (detail.isEmpty() ? "" : detail + "; ")
                        + (callerRoles.isEmpty() ? "you have no role" : "you have " + String.join(", ", callerRoles));
            }
            message = detail.isEmpty() || detail.equals(title) ? title : title + ": " + detail;
            for (JsonNode field : body.path("errors")) {
                String name = field.path("field").asText("");
                String why = field.path("message").asText("");
                fields.add(name.isEmpty() ? why : name + ": " + why);
            }
            if (body.path("allowed").isArray() && !body.path("allowed").isEmpty()) {
                List<String> allowed = new ArrayList<>();
                body.path("allowed").forEach(action -> allowed.add(action.asText()));
                fields.add("allowed now: " + String.join(", ", allowed));
            }
        } else {
            String first = raw == null ? "" : raw.lines().findFirst().orElse("");
            message = "HTTP " + status + (first.isBlank() ? "" : ": " + abbreviate(first));
            if (status == 403 && callerRoles != null) {
                message += callerRoles.isEmpty() ? " (you have no role)" : " (you have " + String.join(", ", callerRoles) + ")";
            }
        }
        return new ApiProblem(status, method + " " + path + " → " + status + " " + message, fields);
    }

    private static String abbreviate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }

    public int status() {
        return status;
    }

    public List<String> fields() {
        return fields;
    }

    /** What a script can rely on: see {@link ExitCodes}. */
    public int exitCode() {
        if (status == 401 || status == 403) {
            return ExitCodes.NOT_AUTHORIZED;
        }
        if (status == 404) {
            return ExitCodes.NOT_FOUND;
        }
        if (status == 409) {
            return ExitCodes.CONFLICT;
        }
        if (status >= 400 && status < 500) {
            return ExitCodes.REFUSED;
        }
        return ExitCodes.UNAVAILABLE;
    }
}
