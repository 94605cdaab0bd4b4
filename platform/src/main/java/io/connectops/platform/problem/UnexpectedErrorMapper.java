package io.connectops.platform.problem;

import java.sql.SQLException;
import java.time.DateTimeException;
import java.util.UUID;

import jakarta.persistence.OptimisticLockException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.jboss.logging.Logger;

/**
 * Every failure that no other mapper claims. What the client caused or can retry gets its own status: a value the
 * database refuses is a 400, a duplicate or a concurrent change a 409, an unavailable database a 503 with
 * Retry-After, a domain rule's IllegalArgumentException or DateTimeException a 400. Nothing else is the client's
 * fault: a 500 whose detail carries only an error id, so that no SQL, stored value or secret leaks; the log line with
 * the same id has the stack trace.
 */
@Provider
public class UnexpectedErrorMapper implements ExceptionMapper<Exception> {

    private static final Logger LOG = Logger.getLogger(UnexpectedErrorMapper.class);
    static final String RETRY_AFTER_SECONDS = "5";

    @Context
    UriInfo uri;

    @Override
    public Response toResponse(Exception e) {
        String path = uri == null ? "?" : uri.getRequestUri().getPath();
        SQLException sql = DatabaseFailure.sqlCause(e);
        DatabaseFailure failure = DatabaseFailure.of(e, sql);
        if (failure != null) {
            // The driver's message names the constraint and the offending key; the log filter masks the values.
            LOG.infof("Refused %s on %s: %s %s", failure, path, sql == null ? "" : sql.getSQLState(),
                    sql == null ? e.getMessage() : sql.getMessage());
            Response response = Problems.response(failure.status, failure.title, failure.detail, uri);
            return failure.status == 503
                    ? Response.fromResponse(response).header("Retry-After", RETRY_AFTER_SECONDS).build()
                    : response;
        }
        if (e instanceof IllegalArgumentException || e instanceof DateTimeException
                || e instanceof ArithmeticException) {
            LOG.debugf(e, "Refused input on %s", path);
            return Problems.response(400, "Bad Request", clientMessage(e), uri);
        }
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected error %s on %s", errorId, path);
        return Problems.response(500, "Internal Server Error",
                "An unexpected error occurred; quote error id " + errorId + " to the operators", uri);
    }

    /** A domain rule's own message, bounded and without control characters; the JDK's messages are harmless too. */
    private static String clientMessage(Exception e) {
        String message = e.getMessage() == null ? "The request is invalid" : e.getMessage();
        message = message.replaceAll("\\p{Cntrl}", "?");
        return message.length() > 300 ? message.substring(0, 300) + "…" : message;
    }

    /** How a database failure is answered; null when the failure is not the database's. */
    enum DatabaseFailure {
        DUPLICATE(409, "Conflict", "A record with the same unique key already exists"),
        REFERENCE(409, "Conflict", "The request refers to a record that does not exist, or one that is still in use"),
        CONCURRENT(409, "Conflict", "The record was changed by another request at the same time; read it and retry"),
        BAD_DATA(400, "Bad Request", "The request holds a value that cannot be stored (too long, out of range or malformed)"),
        UNAVAILABLE(503, "Service Unavailable", "The database is unavailable; retry later");

        final int status;
        final String title;
        final String detail;

        DatabaseFailure(int status, String title, String detail) {
            this.status = status;
            this.title = title;
            this.detail = detail;
        }

        static DatabaseFailure of(Throwable e, SQLException sql) {
            for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof OptimisticLockException
                        || t.getClass().getName().equals("org.hibernate.StaleObjectStateException")) {
                    return CONCURRENT;
                }
                if (t.getClass().getName().equals("org.hibernate.exception.JDBCConnectionException")) {
                    return UNAVAILABLE;
                }
            }
            if (sql == null) {
                return null;
            }
            String state = sql.getSQLState();
            if (state == null) {
                // Agroal's "acquisition timeout" has no SQLState: every connection is busy or the server is gone.
                String message = sql.getMessage() == null ? "" : sql.getMessage().toLowerCase();
                return message.contains("acquisition timeout") || message.contains("connection")
                        ? UNAVAILABLE : null;
            }
            if (state.equals("23505")) {
                return DUPLICATE;
            }
            if (state.equals("23503")) {
                return REFERENCE;
            }
            if (state.startsWith("23") || state.startsWith("22")) {
                return BAD_DATA;
            }
            if (state.equals("40001") || state.equals("40P01")) {
                return CONCURRENT;
            }
            if (state.startsWith("08") || state.startsWith("53") || state.startsWith("57P")) {
                return UNAVAILABLE;
            }
            return null;
        }

        static SQLException sqlCause(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof SQLException sql) {
                    return sql;
                }
            }
            return null;
        }
    }
}
