package io.connectops.ingest.rest;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;

import io.connectops.contracts.MetricSample;
import io.connectops.ingest.service.MetricPushService;
import io.connectops.platform.problem.Problem;

/**
 * A batch of samples pushed by another system: metrics Connect does not give, such as IVR response time.
 *
 * <p>Checked by {@link #batchErrors} and {@link #sampleErrors} rather than Bean Validation annotations: a batch
 * holds up to {@value #MAX_BATCH} samples, and walking each through the validator's metadata cost more than the rest
 * of the request. The rules and messages are those of the annotations they replace; {@code @Schema} keeps them in the
 * OpenAPI document.
 *
 * <p>Each field is bounded, and so is the series key they make together ({@link MetricSample#seriesKey()}, at most
 * {@value MetricPushService#MAX_SERIES_KEY} characters): every field at its maximum would make a key longer than the
 * {@code series_key} columns it is stored in, here and in alerting. That bound and the value's range (which depends
 * on the unit) are checked by {@link MetricPushService}.
 */
public record PushedSamples(@Schema(required = true, minItems = 1, maxItems = MAX_BATCH) List<Sample> samples) {

    public static final int MAX_BATCH = 5000;
    public static final int MAX_LABELS = 20;

    private static final String CONTROL_CHARACTERS = "must not contain control characters (U+0000 to U+001F)";

    private static final Pattern METRIC_NAME = Pattern.compile("[a-z][a-z0-9_]{1,99}");

    public record Sample(
            @Schema(required = true, maxLength = 200) String instanceId,
            @Schema(maxLength = 200) String queueId,
            @Schema(maxLength = 50) String channel,
            @Schema(maxLength = 200) String agentId,
            @Schema(required = true, pattern = "[a-z][a-z0-9_]{1,99}") String metric,
            @Schema(required = true, description = "A finite number within the unit's range: PERCENT 0 to 100, "
                    + "COUNT, SECONDS and MILLISECONDS >= 0") Double value,
            @Schema(maxLength = 30) String unit,
            @Schema(required = true) @JsonDeserialize(using = RepeatedTimestamps.class) Instant timestamp,
            @Schema(maxProperties = MAX_LABELS) Map<String, String> labels) {
    }

    /**
     * Reads a sample's timestamp as the standard Instant deserializer does (same forms, same errors), but parses a
     * text once while the samples repeat it: the samples of a batch usually report one period, and ISO-8601 parsing
     * was half the cost of reading a batch (JFR, MetricPushBenchmark). Shared by the request threads; the last text
     * and its instant are kept together in one immutable pair.
     */
    public static final class RepeatedTimestamps extends StdDeserializer<Instant> implements ContextualDeserializer {

        private record Parsed(String text, Instant instant) {
        }

        private final JsonDeserializer<?> standard;
        private volatile Parsed last;

        public RepeatedTimestamps() {
            this(InstantDeserializer.INSTANT);
        }

        private RepeatedTimestamps(JsonDeserializer<?> standard) {
            super(Instant.class);
            this.standard = standard;
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext context, BeanProperty property)
                throws JsonMappingException {
            return new RepeatedTimestamps(
                    context.findContextualValueDeserializer(context.constructType(Instant.class), property));
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                return (Instant) standard.deserialize(parser, context);
            }
            String text = parser.getText();
            Parsed seen = last;
            if (seen != null && seen.text().equals(text)) {
                return seen.instant();
            }
            Instant parsed = (Instant) standard.deserialize(parser, context);
            if (parsed != null) {
                last = new Parsed(text, parsed);
            }
            return parsed;
        }
    }

    /**
     * What is wrong with {@code batch} as a whole (which may be null: an empty body); empty when nothing. Its samples
     * are checked one by one with {@link #sampleErrors}.
     */
    public static List<Problem.FieldError> batchErrors(PushedSamples batch) {
        if (batch == null) {
            return List.of(new Problem.FieldError("body", "must not be null"));
        }
        List<Sample> samples = batch.samples();
        if (samples == null || samples.isEmpty()) {
            return List.of(new Problem.FieldError("samples", "must not be empty"));
        }
        if (samples.size() > MAX_BATCH) {
            return List.of(new Problem.FieldError("samples", "size must be between 1 and " + MAX_BATCH));
        }
        return List.of();
    }

    /** Adds what is wrong with the shape of sample {@code index} to {@code errors}; returns whether anything was. */
    public static boolean sampleErrors(int index, Sample sample, List<Problem.FieldError> errors) {
        int before = errors.size();
        if (sample == null) {
            errors.add(new Problem.FieldError("samples[" + index + "]", "must not be null"));
            return true;
        }
        required(sample.instanceId(), 200, index, "instanceId", errors);
        optional(sample.queueId(), 200, index, "queueId", errors);
        optional(sample.channel(), 50, index, "channel", errors);
        optional(sample.agentId(), 200, index, "agentId", errors);
        if (isBlank(sample.metric())) {
            errors.add(error(index, "metric", "must not be blank"));
        } else if (!METRIC_NAME.matcher(sample.metric()).matches()) {
            errors.add(error(index, "metric", "must be a snake_case metric name"));
        }
        if (sample.value() == null) {
            errors.add(error(index, "value", "must not be null"));
        } else if (!Double.isFinite(sample.value())) {
            // 1e400 reads as Infinity; neither it nor NaN compares with a threshold the way a rule expects.
            errors.add(error(index, "value", "must be a finite number"));
        }
        optional(sample.unit(), 30, index, "unit", errors);
        if (sample.timestamp() == null) {
            errors.add(error(index, "timestamp", "must not be null"));
        }
        labelErrors(sample.labels(), index, errors);
        return errors.size() > before;
    }

    private static void labelErrors(Map<String, String> labels, int index, List<Problem.FieldError> errors) {
        if (labels == null) {
            return;
        }
        if (labels.size() > MAX_LABELS) {
            errors.add(error(index, "labels", "at most " + MAX_LABELS + " labels"));
            return;
        }
        for (Map.Entry<String, String> label : labels.entrySet()) {
            if (isBlank(label.getKey()) || label.getKey().length() > 100 || hasControlCharacter(label.getKey())) {
                errors.add(error(index, "labels", "names must be 1 to 100 characters, without control characters"));
            } else if (label.getValue() == null || label.getValue().length() > 500) {
                errors.add(error(index, "labels." + label.getKey(), "must be a text of at most 500 characters"));
            } else if (hasControlCharacter(label.getValue())) {
                errors.add(error(index, "labels." + label.getKey(), CONTROL_CHARACTERS));
            }
        }
    }

    private static void required(String text, int max, int index, String name, List<Problem.FieldError> errors) {
        if (isBlank(text)) {
            errors.add(error(index, name, "must not be blank"));
        } else {
            optional(text, max, index, name, errors);
        }
    }

    private static void optional(String text, int max, int index, String name, List<Problem.FieldError> errors) {
        if (text == null) {
            return;
        }
        if (text.length() > max) {
            errors.add(error(index, name, "size must be between 0 and " + max));
        } else if (hasControlCharacter(text)) {
            errors.add(error(index, name, CONTROL_CHARACTERS));
        }
    }

    /**
     * C0 control characters (NUL included): PostgreSQL refuses NUL in a text column, so a sample carrying one is
     * accepted here and then fails every write of the series downstream.
     */
    static boolean hasControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < 0x20) {
                return true;
            }
        }
        return false;
    }

    /** Field paths are built only for errors: a valid batch of thousands makes none. */
    private static Problem.FieldError error(int index, String name, String message) {
        return new Problem.FieldError("samples[" + index + "]." + name, message);
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }
}
