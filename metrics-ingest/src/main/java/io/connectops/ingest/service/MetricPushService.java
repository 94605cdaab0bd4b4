package io.connectops.ingest.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.connectops.contracts.MetricSample;
import io.connectops.contracts.metrics.MetricCatalogue;
import io.connectops.contracts.metrics.MetricDefinition;
import io.connectops.contracts.metrics.MetricOrigin;
import io.connectops.contracts.metrics.MetricUnit;
import io.connectops.ingest.config.IngestConfig;
import io.connectops.platform.problem.Problem;
import io.connectops.platform.problem.ProblemException;

/**
 * Checks pushed samples against the catalogue, the unit's range, the series key's bound and the clock, and publishes the batch whole or not at all: a batch
 * with a bad sample says which ones and why, and publishes nothing; a batch is accepted only once Kafka has
 * acknowledged all of it.
 */
@ApplicationScoped
public class MetricPushService {

    public static final String SOURCE = "push";
    /**
     * The length of the {@code series_key} columns the key is stored in (VARCHAR(1000) here and in alerting): a
     * longer key is accepted by Kafka but can be stored by neither, and would stall their writes.
     */
    public static final int MAX_SERIES_KEY = 1000;

    @Inject
    MetricPublisher publisher;

    @Inject
    IngestConfig config;

    /**
     * @param pushed the batch in order; null where a sample's shape was already found wrong
     * @param errors what was found wrong with the samples' shape, to which the catalogue and clock checks add
     *        theirs: the answer names every fault of the batch at once, and a batch with any is refused whole
     * @return the number of samples published
     * @throws ProblemException a 400 listing {@code errors} when there are any
     * @throws AcknowledgedProducer.NotAcknowledgedException when Kafka did not acknowledge the batch in time
     */
    public int push(List<MetricSample> pushed, List<Problem.FieldError> errors) {
        List<MetricSample> normalised = new ArrayList<>(pushed.size());
        List<String> keys = new ArrayList<>(pushed.size());
        Instant now = Instant.now();
        Instant latest = now.plus(config.push().maxClockSkew());
        Instant earliest = now.minus(config.push().maxAge());
        for (int i = 0; i < pushed.size(); i++) {
            MetricSample sample = pushed.get(i);
            if (sample == null) {
                continue;
            }
            if (sample.timestamp().isAfter(latest)) {
                errors.add(error(i, "timestamp", "must not be more than " + config.push().maxClockSkew()
                        + " ahead of the server's clock (" + now + ")"));
            } else if (sample.timestamp().isBefore(earliest)) {
                errors.add(error(i, "timestamp", "must not be older than " + config.push().maxAge()));
            }
            String key = sample.seriesKey();
            if (key.length() > MAX_SERIES_KEY) {
                errors.add(error(i, "seriesKey", "is " + key.length() + " characters, at most "
                        + MAX_SERIES_KEY + ": instanceId, queueId, channel, agentId, label "
                        + MetricSample.ROUTING_PROFILE_LABEL + " and metric together make the series key"));
            }
            Optional<MetricUnit> unit = unitOf(sample, i, errors);
            if (unit.isPresent() && !MetricCatalogue.isSigned(sample.metric()) && !unit.get().admits(sample.value())) {
                errors.add(error(i, "value", "must be " + unit.get().range() + " for " + unit.get()));
            } else if (unit.isPresent()) {
                keys.add(key);
                String unitName = unit.get().name();
                normalised.add(unitName.equals(sample.unit()) && SOURCE.equals(sample.source()) ? sample : new MetricSample(SOURCE, sample.instanceId(),
                        sample.queueId(), sample.channel(), sample.agentId(), sample.metric(), sample.value(), unitName,
                        sample.timestamp(), sample.labels()));
            }
        }
        if (!errors.isEmpty()) {
            // Sample by sample, in the batch's order, whichever check found the fault.
            errors.sort(Comparator.comparingInt(MetricPushService::sampleIndexOf));
            throw ProblemException.invalid(errors);
        }
        publisher.publishPushed(normalised, keys.toArray(new String[0]));
        return normalised.size();
    }

    private static Optional<MetricUnit> unitOf(MetricSample sample, int index, List<Problem.FieldError> errors) {
        Optional<MetricUnit> declared = MetricUnit.parse(sample.unit());
        if (sample.unit() != null && declared.isEmpty()) {
            errors.add(error(index, "unit", "must be one of " + Arrays.toString(MetricUnit.values())));
            return Optional.empty();
        }
        if (MetricCatalogue.isCustom(sample.metric())) {
            if (declared.isEmpty()) {
                errors.add(error(index, "unit", "is required for a custom_ metric"));
            }
            return declared;
        }
        Optional<MetricDefinition> definition = MetricCatalogue.byName(sample.metric());
        if (definition.isEmpty()) {
            errors.add(error(index, "metric", "unknown metric '" + sample.metric()
                    + "': use a name from GET /api/v1/metrics/catalogue or the custom_ prefix"));
            return Optional.empty();
        }
        if (definition.get().origin() != MetricOrigin.PUSH) {
            errors.add(error(index, "metric", "'" + sample.metric() + "' comes from "
                    + definition.get().origin() + " and cannot be pushed"));
            return Optional.empty();
        }
        if (declared.isPresent() && declared.get() != definition.get().unit()) {
            errors.add(error(index, "unit", "'" + sample.metric() + "' is measured in "
                    + definition.get().unit()));
            return Optional.empty();
        }
        return Optional.of(definition.get().unit());
    }

    private static int sampleIndexOf(Problem.FieldError error) {
        String field = error.field();
        int open = field.indexOf('[');
        return open < 0 ? -1 : Integer.parseInt(field, open + 1, field.indexOf(']', open), 10);
    }

    /** Field paths are built only for errors: a valid batch of thousands makes none. */
    private static Problem.FieldError error(int index, String name, String message) {
        return new Problem.FieldError("samples[" + index + "]." + name, message);
    }
}
