package io.connectops.platform.problem;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.connectops.platform.input.StrictJson;

/** Request bodies that are not JSON, or JSON of the wrong shape: a 400 that says where, never a 500. */
public final class JsonProblemMappers {

    private JsonProblemMappers() {
    }

    static Response badJson(JsonProcessingException e, UriInfo uri) {
        boolean truncated = e.getOriginalMessage() != null && e.getOriginalMessage().contains("end-of-input");
        if (e instanceof JsonParseException || e.getCause() instanceof JsonParseException || truncated) {
            return Problems.response(400, "Malformed JSON",
                    "The request body is not valid JSON: " + e.getOriginalMessage(), uri);
        }
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = pathOf(mapping);
            String message;
            if (e instanceof InvalidFormatException invalid) {
                message = "cannot be read as " + simpleType(invalid.getTargetType()) + ": " + shortened(invalid.getValue());
            } else if (e instanceof StrictJson.ControlCharacterException) {
                message = "must not contain control characters";
            } else if (e instanceof UnrecognizedPropertyException) {
                message = "is not a known field";
            } else if (e instanceof MismatchedInputException mismatched) {
                message = "expected " + simpleType(mismatched.getTargetType());
            } else {
                message = "is invalid";
            }
            return Problems.response(400, "Validation failed", "1 field is invalid", uri,
                    List.of(new Problem.FieldError(field, message)), null);
        }
        return Problems.response(400, "Malformed JSON", "The request body cannot be read: " + e.getOriginalMessage(),
                uri);
    }

    /** The refused value as the client sent it, cut short: a problem never echoes a megabyte back. */
    private static String shortened(Object value) {
        String text = String.valueOf(value).replaceAll("\\p{Cntrl}", "?");
        return text.length() > 100 ? text.substring(0, 100) + "…" : text;
    }

    private static String pathOf(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining())
                .replaceFirst("^\\.", "");
    }

    private static String simpleType(Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (type.isEnum()) {
            Object[] constants = type.getEnumConstants();
            return "one of " + Arrays.toString(constants);
        }
        return type.getSimpleName();
    }

    @Provider
    @Priority(Priorities.USER)
    public static class JsonProcessing implements ExceptionMapper<JsonProcessingException> {
        @Context
        UriInfo uri;

        @Override
        public Response toResponse(JsonProcessingException e) {
            return badJson(e, uri);
        }
    }

    /** Quarkus ships its own mapper for this subtype; this one answers in the problem shape instead. */
    @Provider
    @Priority(Priorities.USER)
    public static class MismatchedInput implements ExceptionMapper<MismatchedInputException> {
        @Context
        UriInfo uri;

        @Override
        public Response toResponse(MismatchedInputException e) {
            return badJson(e, uri);
        }
    }

    @Provider
    @Priority(Priorities.USER)
    public static class InvalidFormat implements ExceptionMapper<InvalidFormatException> {
        @Context
        UriInfo uri;

        @Override
        public Response toResponse(InvalidFormatException e) {
            return badJson(e, uri);
        }
    }

    @Provider
    @Priority(Priorities.USER)
    public static class JsonParse implements ExceptionMapper<JsonParseException> {
        @Context
        UriInfo uri;

        @Override
        public Response toResponse(JsonParseException e) {
            return badJson(e, uri);
        }
    }
}
