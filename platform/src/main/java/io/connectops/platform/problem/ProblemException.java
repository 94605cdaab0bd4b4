package io.connectops.platform.problem;

import java.util.Collection;
import java.util.List;

import jakarta.ws.rs.core.Response.Status;

/**
 * A failure the client can act on. Services throw it; {@link ProblemExceptionMapper} turns it into an RFC 9457
 * response. The factory methods name the cases the API contract knows.
 */
public class ProblemException extends RuntimeException {

    private final Status status;
    private final String title;
    private final List<Problem.FieldError> errors;
    private final List<String> allowed;

    public ProblemException(Status status, String title, String detail, List<Problem.FieldError> errors,
            List<String> allowed) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
        this.allowed = allowed == null ? List.of() : List.copyOf(allowed);
    }

    public static ProblemException notFound(String what, Object id) {
        return new ProblemException(Status.NOT_FOUND, "Not Found", what + " " + id + " does not exist", null, null);
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(Status.BAD_REQUEST, "Bad Request", detail, null, null);
    }

    public static ProblemException invalid(List<Problem.FieldError> errors) {
        return new ProblemException(Status.BAD_REQUEST, "Validation failed",
                errors.size() == 1 ? "1 field is invalid" : errors.size() + " fields are invalid", errors, null);
    }

    public static ProblemException invalid(String field, String message) {
        return invalid(List.of(new Problem.FieldError(field, message)));
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(Status.CONFLICT, "Conflict", detail, null, null);
    }

    /** An action that the current state does not allow; the response lists the actions that it does. */
    public static ProblemException illegalTransition(String what, Object state, String action,
            Collection<String> allowedActions) {
        return new ProblemException(Status.CONFLICT, "Illegal state change",
                "Cannot " + action + " " + what + " in state " + state
                        + (allowedActions.isEmpty() ? "; no action is allowed" : "; allowed: " + String.join(", ", allowedActions)),
                null, List.copyOf(allowedActions));
    }

    public Status status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }

    public List<String> allowed() {
        return allowed;
    }
}
