package io.connectops.platform.input;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

import io.connectops.platform.problem.Problem;
import io.connectops.platform.problem.ProblemException;

/**
 * Refuses a path or query parameter that holds a control character ({@code /rules/%00}, {@code ?actor=%00}), or a
 * query value longer than any filter needs, before any resource sees it, with a 400 naming the parameter; request
 * bodies get the same rule from {@link StrictJson}. The request line itself may be up to 16 KiB
 * ({@code quarkus.http.limits.max-initial-line-length}), so that this filter, not the HTTP codec, answers.
 */
@Provider
@PreMatching
public class ParameterTextFilter implements ContainerRequestFilter {

    /** Longer than any id, name or time a list is filtered by. */
    public static final int MAX_QUERY_VALUE_LENGTH = 1_000;

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath(true);
        if (TextRules.hasControlCharacter(path)) {
            throw refused("path");
        }
        MultivaluedMap<String, String> query = request.getUriInfo().getQueryParameters(true);
        for (Map.Entry<String, List<String>> parameter : query.entrySet()) {
            if (TextRules.hasControlCharacter(parameter.getKey())) {
                throw refused("query");
            }
            for (String value : parameter.getValue()) {
                if (value != null && TextRules.hasControlCharacter(value)) {
                    throw refused(parameter.getKey());
                }
                if (value != null && value.length() > MAX_QUERY_VALUE_LENGTH) {
                    throw refused(parameter.getKey(), "must be at most " + MAX_QUERY_VALUE_LENGTH + " characters");
                }
            }
        }
    }

    private static ProblemException refused(String field) {
        return refused(field, "must not contain control characters");
    }

    private static ProblemException refused(String field, String message) {
        return new ProblemException(Response.Status.BAD_REQUEST, "Validation failed", "1 field is invalid",
                List.of(new Problem.FieldError(field, message)), null);
    }
}
