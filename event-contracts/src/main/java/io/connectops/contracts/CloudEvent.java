package io.connectops.contracts;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * CloudEvents 1.0 envelope (structured JSON mode) around every event on every topic. Consumers deduplicate on
 * {@link #id()}; {@link #type()} names the event, e.g. {@code connectops.alert.firing.v1}.
 *
 * @param <T> the event record carried in {@code data}
 */
public record CloudEvent<T>(
        String specversion,
        String id,
        String source,
        String type,
        Instant time,
        String subject,
        String datacontenttype,
        T data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String JSON = "application/json";

    public CloudEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
    }

    /** A new event with a random id, stamped now. */
    public static <T> CloudEvent<T> of(String source, String type, String subject, T data) {
        return of(UUID.randomUUID().toString(), source, type, subject, Instant.now(), data);
    }

    /** An event with a caller-chosen id, for producers that derive ids deterministically to deduplicate. */
    public static <T> CloudEvent<T> of(String id, String source, String type, String subject, Instant time, T data) {
        return new CloudEvent<>(SPEC_VERSION, id, source, type, time, subject, JSON, data);
    }
}
