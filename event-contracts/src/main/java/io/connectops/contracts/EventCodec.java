package io.connectops.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one JSON form of events on the wire. Producers, consumers, tests and benchmarks all go through it, so that
 * a record written by one service is read the same way by every other.
 */
public final class EventCodec {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // Newer producers may add fields; older consumers must still read the event.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private EventCodec() {
    }

    public static String encode(CloudEvent<?> event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Event " + event.id() + " cannot be written as JSON", e);
        }
    }

    /**
     * Reads an envelope whose data is a {@code dataType}.
     *
     * @throws MalformedEventException when the JSON is not a complete event of that type
     */
    public static <T> CloudEvent<T> decode(String json, Class<T> dataType) {
        JavaType type = MAPPER.getTypeFactory().constructParametricType(CloudEvent.class, dataType);
        try {
            CloudEvent<T> event = MAPPER.readValue(json, type);
            if (event == null) {
                throw new MalformedEventException("empty record");
            }
            return event;
        } catch (JsonProcessingException e) {
            throw new MalformedEventException(e.getOriginalMessage());
        } catch (NullPointerException e) {
            // The envelope's compact constructor rejects missing id, source, type or data.
            throw new MalformedEventException("missing CloudEvents attribute: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new MalformedEventException(e.getMessage());
        }
    }

    /** The mapper behind the codec, for code that reads other JSON the same way (payload fragments, tests). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** A record on a topic that is not a readable event; consumers send it to the dead-letter topic. */
    public static final class MalformedEventException extends RuntimeException {
        public MalformedEventException(String reason) {
            super("Malformed event: " + reason);
        }
    }
}
