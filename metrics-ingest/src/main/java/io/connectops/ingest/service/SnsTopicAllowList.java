package io.connectops.ingest.service;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.connectops.ingest.config.IngestConfig;
import io.quarkus.runtime.StartupEvent;

/**
 * The SNS topics whose messages are accepted. A valid signature proves only that SNS sent a message, and any AWS
 * account can create a topic, subscribe this endpoint and have SNS sign its forged alarms: the topic is what makes a
 * message ours. Checked first, before the signature's certificate is fetched or a subscription is confirmed.
 */
@ApplicationScoped
public class SnsTopicAllowList {

    private static final Logger LOG = Logger.getLogger(SnsTopicAllowList.class);
    public static final String SETTING = "connectops.ingest.sns.allowed-topic-arns";
    private static final Pattern TOPIC_ARN = Pattern.compile(
            "arn:aws[a-z-]{0,20}:sns:([a-z]{2}(?:-gov)?-[a-z]+-[0-9]{1,2}):([0-9]{12}):([A-Za-z0-9_-]{1,256})(\\.fifo)?");

    @Inject
    IngestConfig config;

    private Set<String> allowed;

    @PostConstruct
    void init() {
        allowed = config.sns().allowedTopicArns().orElse(List.of()).stream().map(String::trim)
                .filter(arn -> !arn.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    /** Refuses to start without an allow-list unless the configuration says any topic will do (dev, tests). */
    void requireAllowList(@Observes StartupEvent startup) {
        IngestConfig.Sns sns = config.sns();
        requireAllowList(sns.allowedTopicArns(), sns.allowAnyTopic());
        if (allowed.isEmpty()) {
            LOG.warnf("%s is empty and allow-any-topic is set: SNS messages of any topic are accepted", SETTING);
        }
    }

    static void requireAllowList(Optional<List<String>> allowedTopicArns, boolean allowAnyTopic) {
        boolean empty = allowedTopicArns.map(list -> list.stream().allMatch(String::isBlank)).orElse(true);
        if (empty && !allowAnyTopic) {
            throw new IllegalStateException(SETTING + " (CONNECTOPS_INGEST_SNS_ALLOWED_TOPIC_ARNS) is empty: name the "
                    + "SNS topics whose CloudWatch alarms this service accepts (comma-separated ARNs). Without it, "
                    + "any AWS account's topic could subscribe and publish alarms.");
        }
        for (String arn : allowedTopicArns.orElse(List.of())) {
            if (!arn.isBlank() && !TOPIC_ARN.matcher(arn.trim()).matches()) {
                throw new IllegalStateException(SETTING + " holds '" + arn + "', which is not an SNS topic ARN "
                        + "(arn:aws:sns:<region>:<account>:<topic>)");
            }
        }
    }

    /** Why {@code topicArn} is not accepted, or empty when it is. */
    public Optional<String> refusal(String topicArn) {
        if (!TOPIC_ARN.matcher(topicArn).matches()) {
            return Optional.of("TopicArn is not an SNS topic ARN");
        }
        if (allowed.isEmpty() ? !config.sns().allowAnyTopic() : !allowed.contains(topicArn)) {
            return Optional.of("topic " + topicArn + " is not accepted");
        }
        return Optional.empty();
    }

    /** The Region of a topic ARN ({@code arn:aws:sns:eu-west-1:…} → {@code eu-west-1}); empty when it is none. */
    public static Optional<String> regionOf(String topicArn) {
        Matcher matcher = TOPIC_ARN.matcher(topicArn);
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }
}
