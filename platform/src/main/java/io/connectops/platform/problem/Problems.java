package io.connectops.platform.problem;

import java.util.List;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** Builds problem responses so that every mapper answers in the same shape. */
final class Problems {

    private Problems() {
    }

    static Response response(int status, String title, String detail, UriInfo uri, List<Problem.FieldError> errors,
            List<String> allowed) {
        String instance = uri == null ? null : uri.getRequestUri().getPath();
        Problem problem = new Problem("about:blank", title, status, detail, instance, errors, allowed);
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    static Response response(int status, String title, String detail, UriInfo uri) {
        return response(status, title, detail, uri, null, null);
    }
}
