package io.connectops.platform.problem;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Unknown paths, wrong methods, unsupported media types, bad path or query parameters: the same problem shape. */
@Provider
public class WebApplicationProblemMapper implements ExceptionMapper<WebApplicationException> {

    @Context
    UriInfo uri;

    @Override
    public Response toResponse(WebApplicationException e) {
        Response original = e.getResponse();
        int status = original.getStatus();
        if (e.getCause() instanceof com.fasterxml.jackson.core.JsonProcessingException json) {
            return JsonProblemMappers.badJson(json, uri);
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
}
