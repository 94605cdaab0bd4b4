package io.connectops.ingest.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.connectops.ingest.aws.ConnectApi;
import io.connectops.ingest.aws.EndpointOverridePolicy;
import io.connectops.ingest.config.IngestConfig;
import io.connectops.ingest.domain.ConnectSource;
import io.connectops.ingest.domain.PollState;
import io.connectops.platform.problem.Problem;
import io.connectops.platform.problem.ProblemException;
import io.connectops.platform.rest.Page;
import io.connectops.platform.rest.PageRequest;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;

/** Registers, changes, enables, disables and removes Connect sources. */
@ApplicationScoped
public class SourceService {

    private static final Duration SHORTEST_INTERVAL = Duration.ofSeconds(1);
    private static final Pattern ARN = Pattern.compile(SourceSpec.ARN);

    @Inject
    IngestConfig config;

    @Inject
    ConnectApi connect;

    @Inject
    PollScheduler scheduler;

    @Inject
    SourceClock sourceClock;

    @Inject
    IngestMeters meters;

    @Transactional
    public SourceView create(SourceSpec spec) {
        ConnectSource source = new ConnectSource();
        source.id = UUID.randomUUID();
        source.createdAt = Instant.now();
        source.enabled = true;
        apply(spec, source);
        if (ConnectSource.count("instanceArn", source.instanceArn) > 0) {
            throw ProblemException.conflict("Instance " + source.instanceArn + " is already a source");
        }
        source.persist();
        return SourceView.of(source, List.of());
    }

    @Transactional
    public SourceView update(UUID id, SourceSpec spec) {
        ConnectSource source = find(id);
        String arn = source.instanceArn;
        apply(spec, source);
        if (!arn.equals(source.instanceArn)
                && ConnectSource.count("instanceArn = ?1 and id <> ?2", source.instanceArn, id) > 0) {
            throw ProblemException.conflict("Instance " + source.instanceArn + " is already a source");
        }
        scheduler.reschedule(id);
        return view(source);
    }

    @Transactional
    public SourceView get(UUID id) {
        return view(find(id));
    }

    @Transactional
    public Page<SourceView> list(String instanceId, Boolean enabled, PageRequest page) {
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters parameters = new Parameters();
        if (instanceId != null && !instanceId.isBlank()) {
            query.append(" and instanceId = :instanceId");
            parameters.and("instanceId", instanceId);
        }
        if (enabled != null) {
            query.append(" and enabled = :enabled");
            parameters.and("enabled", enabled);
        }
        var found = ConnectSource.<ConnectSource>find(query.toString(), Sort.by("name").and("id"), parameters);
        List<SourceView> items = found.page(page.page(), page.size()).list().stream().map(this::view).toList();
        return new Page<>(items, page.page(), page.size(), found.count());
    }

    @Transactional
    public SourceView enable(UUID id) {
        ConnectSource source = find(id);
        if (source.enabled) {
            throw ProblemException.illegalTransition("source", "ENABLED", "enable", List.of("disable"));
        }
        source.enabled = true;
        source.updatedAt = Instant.now();
        scheduler.reschedule(id);
        return view(source);
    }

    @Transactional
    public SourceView disable(UUID id) {
        ConnectSource source = find(id);
        if (!source.enabled) {
            throw ProblemException.illegalTransition("source", "DISABLED", "disable", List.of("enable"));
        }
        source.enabled = false;
        source.updatedAt = Instant.now();
        return view(source);
    }

    @Transactional
    public void delete(UUID id) {
        ConnectSource source = find(id);
        source.delete();
        connect.forget(id.toString());
        scheduler.reschedule(id);
        sourceClock.forget(id);
        meters.forgetInstance(source.instanceId);
    }

    private ConnectSource find(UUID id) {
        ConnectSource source = ConnectSource.findById(id);
        if (source == null) {
            throw ProblemException.notFound("Source", id);
        }
        return source;
    }

    private SourceView view(ConnectSource source) {
        return SourceView.of(source, PollState.list("sourceId", source.id));
    }

    private void apply(SourceSpec spec, ConnectSource source) {
        List<Problem.FieldError> errors = new ArrayList<>();
        Matcher arn = ARN.matcher(spec.instanceArn());
        if (!arn.matches()) {
            errors.add(new Problem.FieldError("instanceArn", "is not a Connect instance ARN"));
        }
        if (!connect.knowsCredentials(spec.credentialsRef())) {
            errors.add(new Problem.FieldError("credentialsRef", "names no configured credentials"));
        }
        if (spec.endpointOverride() != null && !spec.endpointOverride().isBlank()) {
            EndpointOverridePolicy.refusal(spec.endpointOverride().trim(),
                    config.endpointOverride().allowLocalAddresses())
                    .ifPresent(reason -> errors.add(new Problem.FieldError("endpointOverride", reason)));
        }
        IngestConfig.Defaults defaults = config.defaults();
        Duration current = intervalOr(spec.currentMetricsInterval(), defaults.currentMetricsInterval(),
                "currentMetricsInterval", errors);
        Duration interval = intervalOr(spec.intervalMetricsInterval(), defaults.intervalMetricsInterval(),
                "intervalMetricsInterval", errors);
        Duration agents = intervalOr(spec.agentStatesInterval(), defaults.agentStatesInterval(),
                "agentStatesInterval", errors);
        CloudWatchSpec cloudWatch = spec.cloudWatch();
        Duration cloudWatchInterval = cloudWatch == null ? defaults.cloudWatchMetricsInterval()
                : intervalOr(cloudWatch.interval(), defaults.cloudWatchMetricsInterval(), "cloudWatch.interval", errors);
        if (cloudWatch != null && cloudWatch.endpointOverride() != null && !cloudWatch.endpointOverride().isBlank()) {
            EndpointOverridePolicy.refusal(cloudWatch.endpointOverride().trim(),
                    config.endpointOverride().allowLocalAddresses())
                    .ifPresent(reason -> errors.add(new Problem.FieldError("cloudWatch.endpointOverride", reason)));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        source.name = spec.name().trim();
        source.instanceArn = spec.instanceArn();
        source.region = arn.group(1);
        source.accountId = arn.group(2);
        source.instanceId = arn.group(3);
        source.queueIds = spec.queueIds() == null ? "" : String.join(",", spec.queueIds().stream().distinct().toList());
        source.channels = spec.channels() == null || spec.channels().isEmpty() ? "VOICE"
                : String.join(",", spec.channels().stream().distinct().toList());
        source.currentMetricsIntervalSeconds = (int) current.toSeconds();
        source.intervalMetricsIntervalSeconds = (int) interval.toSeconds();
        source.agentStatesIntervalSeconds = (int) agents.toSeconds();
        source.serviceLevelThresholdSeconds = spec.serviceLevelThresholdSeconds() == null
                ? defaults.serviceLevelThresholdSeconds() : spec.serviceLevelThresholdSeconds();
        source.credentialsRef = spec.credentialsRef();
        source.endpointOverride = spec.endpointOverride() == null || spec.endpointOverride().isBlank() ? null
                : spec.endpointOverride().trim();
        source.cloudWatchEnabled = cloudWatch != null;
        source.cloudWatchLambdaFunctions = joined(cloudWatch == null ? null : cloudWatch.lambdaFunctions());
        source.cloudWatchLexBots = joined(cloudWatch == null ? null : cloudWatch.lexBots());
        source.cloudWatchDynamoDbTables = joined(cloudWatch == null ? null : cloudWatch.dynamoDbTables());
        source.cloudWatchMetricsIntervalSeconds = (int) cloudWatchInterval.toSeconds();
        source.cloudWatchEndpointOverride = cloudWatch == null || cloudWatch.endpointOverride() == null
                || cloudWatch.endpointOverride().isBlank() ? null : cloudWatch.endpointOverride().trim();
        source.updatedAt = Instant.now();
    }

    private static String joined(List<String> names) {
        return names == null ? "" : String.join(",", names.stream().map(String::trim).distinct().toList());
    }

    private static Duration intervalOr(Duration given, Duration fallback, String field, List<Problem.FieldError> errors) {
        Duration value = given == null ? fallback : given;
        if (value.compareTo(SHORTEST_INTERVAL) < 0 || value.compareTo(Duration.ofDays(1)) > 0) {
            errors.add(new Problem.FieldError(field, "must be between PT1S and P1D"));
        }
        return value;
    }
}
