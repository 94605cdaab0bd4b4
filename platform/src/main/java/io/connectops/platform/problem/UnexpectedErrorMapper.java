package io.connectops.platform.problem;

import java.util.UUID;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.jboss.logging.Logger;

/**
 * A bug or an outage, never the client's fault: a 500 problem whose detail carries only an error id, so that no
 * internal message or secret leaks; the log line with the same id has the stack trace.
 */
@Provider
public class UnexpectedErrorMapper implements ExceptionMapper<Exception> {

    private static final Logger LOG = Logger.getLogger(UnexpectedErrorMapper.class);

    @Context
    UriInfo uri;

    @Override
    public Response toResponse(Exception e) {
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected error %s on %s", errorId, uri == null ? "?" : uri.getRequestUri().getPath());
        return Problems.response(500, "Internal Server Error",
                "An unexpected error occurred; quote error id " + errorId + " to the operators", uri);
    }
}
