package io.connectops.ingest.rest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.connectops.platform.problem.Problem;

/**
 * A batch of samples pushed by another system: metrics Connect does not give, such as IVR response time.
 *
 * <p>Checked by {@link #fieldErrors} rather than Bean Validation annotations: a batch holds up to
 * {@value #MAX_BATCH} samples, and walking each through the validator's metadata cost more than the rest of the
 * request. The rules and messages are those of the annotations they replace; {@code @Schema} keeps them in the
 * OpenAPI document.
 */
public record PushedSamples(@Schema(required = true, minItems = 1, maxItems = MAX_BATCH) List<Sample> samples) {

    public static final int MAX_BATCH = 5000;

    private static final Pattern METRIC_NAME = Pattern.compile("[a-z][a-z0-9_]{1,99}");

    public record Sample(
            @Schema(required = true, maxLength = 200) String instanceId,
            @Schema(maxLength = 200) String queueId,
            @Schema(maxLength = 50) String channel,
            @Schema(maxLength = 200) String agentId,
            @Schema(required = true, pattern = "[a-z][a-z0-9_]{1,99}") String metric,
            @Schema(required = true) Double value,
            @Schema(maxLength = 30) String unit,
            @Schema(required = true) Instant timestamp,
            Map<String, String> labels) {
    }

    /** What is wrong with {@code batch} (which may be null: an empty body), field by field; empty when nothing. */
    public static List<Problem.FieldError> fieldErrors(PushedSamples batch) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (batch == null) {
            errors.add(new Problem.FieldError("body", "must not be null"));
            return errors;
        }
        List<Sample> samples = batch.samples();
        if (samples == null || samples.isEmpty()) {
            errors.add(new Problem.FieldError("samples", "must not be empty"));
            return errors;
        }
        if (samples.size() > MAX_BATCH) {
            errors.add(new Problem.FieldError("samples", "size must be between 1 and " + MAX_BATCH));
            return errors;
        }
        for (int i = 0; i < samples.size(); i++) {
            Sample sample = samples.get(i);
            if (sample == null) {
                errors.add(new Problem.FieldError("samples[" + i + "]", "must not be null"));
                continue;
            }
            required(sample.instanceId(), 200, i, "instanceId", errors);
            optional(sample.queueId(), 200, i, "queueId", errors);
            optional(sample.channel(), 50, i, "channel", errors);
            optional(sample.agentId(), 200, i, "agentId", errors);
            if (isBlank(sample.metric())) {
                errors.add(error(i, "metric", "must not be blank"));
            } else if (!METRIC_NAME.matcher(sample.metric()).matches()) {
                errors.add(error(i, "metric", "must be a snake_case metric name"));
            }
            if (sample.value() == null) {
                errors.add(error(i, "value", "must not be null"));
            }
            optional(sample.unit(), 30, i, "unit", errors);
            if (sample.timestamp() == null) {
                errors.add(error(i, "timestamp", "must not be null"));
            }
        }
        return errors;
    }

    private static void required(String text, int max, int index, String name, List<Problem.FieldError> errors) {
        if (isBlank(text)) {
            errors.add(error(index, name, "must not be blank"));
        } else {
            optional(text, max, index, name, errors);
        }
    }

    private static void optional(String text, int max, int index, String name, List<Problem.FieldError> errors) {
        if (text != null && text.length() > max) {
            errors.add(error(index, name, "size must be between 0 and " + max));
        }
    }

    /** Field paths are built only for errors: a valid batch of thousands makes none. */
    private static Problem.FieldError error(int index, String name, String message) {
        return new Problem.FieldError("samples[" + index + "]." + name, message);
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }
}
