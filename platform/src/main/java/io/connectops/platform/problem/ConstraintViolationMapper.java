package io.connectops.platform.problem;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jakarta.annotation.Priority;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Bean Validation failures on request bodies and parameters: a 400 naming each field at fault. */
@Provider
@Priority(Priorities.USER)
public class ConstraintViolationMapper implements ExceptionMapper<ConstraintViolationException> {

    @Context
    UriInfo uri;

    @Override
    public Response toResponse(ConstraintViolationException e) {
        List<Problem.FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<?> violation : e.getConstraintViolations()) {
            errors.add(new Problem.FieldError(fieldOf(violation.getPropertyPath()), violation.getMessage()));
        }
        errors.sort(Comparator.comparing(Problem.FieldError::field));
        String detail = errors.size() == 1 ? "1 field is invalid" : errors.size() + " fields are invalid";
        return Problems.response(400, "Validation failed", detail, uri, errors, null);
    }

    /**
     * The JSON path of the field: {@code samples[3].value} for a body, {@code size} for a query parameter. The
     * method and body-parameter nodes that Bean Validation adds mean nothing to an API client.
     */
    static String fieldOf(Path path) {
        List<Path.Node> nodes = new ArrayList<>();
        path.forEach(nodes::add);
        List<Path.Node> meaningful = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            Path.Node node = nodes.get(i);
            boolean bodyParameter = node.getKind() == ElementKind.PARAMETER && i < nodes.size() - 1;
            if (node.getKind() != ElementKind.METHOD && node.getKind() != ElementKind.CONSTRUCTOR && !bodyParameter) {
                meaningful.add(node);
            }
        }
        StringBuilder field = new StringBuilder();
        for (Path.Node node : meaningful) {
            if (node.getName() == null) {
                continue;
            }
            if (node.isInIterable() && node.getIndex() != null && field.length() > 0) {
                field.append('[').append(node.getIndex()).append(']');
            }
            if (field.length() > 0) {
                field.append('.');
            }
            field.append(node.getName());
        }
        return field.length() == 0 ? "body" : field.toString();
    }
}
