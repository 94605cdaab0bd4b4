package io.connectops.incidents.rest;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.connectops.platform.problem.ProblemException;

/**
 * Reads typed query parameters so that a malformed value is a 400 naming the parameter, not the 404 that JAX-RS
 * answers when its own conversion of a query parameter fails.
 */
public final class QueryParams {

    private QueryParams() {
    }

    public static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(name, "must be an ISO-8601 instant such as 2026-11-22T10:00:00Z");
        }
    }

    public static <E extends Enum<E>> List<E> enums(String name, List<String> values, Class<E> type) {
        List<E> parsed = new ArrayList<>();
        if (values == null) {
            return parsed;
        }
        for (String value : values) {
            if (value == null || value.isBlank()) {
                continue;
            }
            try {
                parsed.add(Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalid(name, "must be one of " + List.of(type.getEnumConstants()));
            }
        }
        return parsed;
    }

    public static <E extends Enum<E>> E oneEnum(String name, String value, Class<E> type) {
        List<E> parsed = enums(name, value == null ? null : List.of(value), type);
        return parsed.isEmpty() ? null : parsed.get(0);
    }
}
