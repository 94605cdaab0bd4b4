package io.connectops.platform.input;

import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;

import io.connectops.platform.problem.Problem;
import io.connectops.platform.problem.ProblemException;

/**
 * Path and query parameters of the types the APIs use, read so that a malformed value is a 400 naming the
 * parameter and what it must look like. JAX-RS itself answers 404 when it cannot convert a query parameter, which
 * tells a client that the resource is missing rather than that its request is wrong.
 */
@Provider
public class TypedParameters implements ParamConverterProvider {

    @Override
    @SuppressWarnings({ "unchecked", "rawtypes" })
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        String name = nameOf(annotations);
        if (rawType == UUID.class) {
            return (ParamConverter<T>) converter(name, "must be a UUID", UUID::fromString);
        }
        if (rawType == Instant.class) {
            return (ParamConverter<T>) converter(name, "must be an ISO-8601 instant such as 2026-11-22T10:00:00Z",
                    Instant::parse);
        }
        if (rawType == OffsetDateTime.class) {
            return (ParamConverter<T>) converter(name, "must be an ISO-8601 date-time with offset",
                    OffsetDateTime::parse);
        }
        if (rawType == LocalDate.class) {
            return (ParamConverter<T>) converter(name, "must be an ISO-8601 date such as 2026-11-22",
                    LocalDate::parse);
        }
        if (rawType == Duration.class) {
            return (ParamConverter<T>) converter(name, "must be an ISO-8601 duration such as PT15M", Duration::parse);
        }
        if (rawType.isEnum()) {
            Class<? extends Enum> type = (Class<? extends Enum>) rawType;
            String allowed = "must be one of " + Arrays.toString(type.getEnumConstants());
            return (ParamConverter<T>) converter(name, allowed, value -> Enum.valueOf(type, value));
        }
        return null;
    }

    private static <V> ParamConverter<V> converter(String name, String rule, Function<String, V> parse) {
        return new ParamConverter<>() {
            @Override
            public V fromString(String value) {
                if (value == null) {
                    return null;
                }
                try {
                    return parse.apply(value.trim());
                } catch (IllegalArgumentException | DateTimeException e) {
                    throw new ProblemException(Response.Status.BAD_REQUEST, "Validation failed", "1 field is invalid",
                            List.of(new Problem.FieldError(name, rule)), null);
                }
            }

            @Override
            public String toString(V value) {
                return value == null ? null : value.toString();
            }
        };
    }

    private static String nameOf(Annotation[] annotations) {
        if (annotations != null) {
            for (Annotation annotation : annotations) {
                if (annotation instanceof QueryParam query) {
                    return query.value();
                }
                if (annotation instanceof PathParam path) {
                    return path.value();
                }
            }
        }
        return "parameter";
    }
}
