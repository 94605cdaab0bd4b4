package io.connectops.platform.problem;

import java.time.DateTimeException;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import com.fasterxml.jackson.core.JsonProcessingException;

/** Unknown paths, wrong methods, unsupported media types, bad path or query parameters: the same problem shape. */
@Provider
public class WebApplicationProblemMapper implements ExceptionMapper<WebApplicationException> {

    @Context
    UriInfo uri;

    @Override
    public Response toResponse(WebApplicationException e) {
        Response original = e.getResponse();
        int status = original.getStatus();
        if (e.getCause() instanceof JsonProcessingException json) {
            return JsonProblemMappers.badJson(json, uri);
        }
        // JAX-RS wraps a failed conversion of a path or query parameter in a 404; it is the client's request that
        // is wrong, not a missing resource.
        if (e.getCause() instanceof ProblemException problem) {
            return Problems.response(problem.status().getStatusCode(), problem.title(), problem.getMessage(), uri,
                    problem.errors(), problem.allowed());
        }
        if (status == 404 && isConversionFailure(e.getCause())) {
            return Problems.response(400, "Bad Request", "A path or query parameter cannot be read", uri);
        }
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type != null ? type.getReasonPhrase() : original.getStatusInfo().getReasonPhrase();
        String detail = e.getMessage() != null && !e.getMessage().startsWith("HTTP " + status) ? e.getMessage() : title;
        Response.ResponseBuilder problem = Response.fromResponse(Problems.response(status, title, detail, uri));
        // Keep Allow on 405 and WWW-Authenticate on 401 so that clients know what to do next.
        original.getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(v -> problem.header(name, v));
            }
        });
        return problem.build();
    }

    private static boolean isConversionFailure(Throwable cause) {
        return cause instanceof IllegalArgumentException || cause instanceof DateTimeException
                || cause instanceof ArithmeticException;
    }
}
