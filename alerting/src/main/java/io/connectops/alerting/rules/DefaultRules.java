package io.connectops.alerting.rules;

import java.util.List;
import java.util.Map;

import io.connectops.contracts.Severity;

/**
 * The rules of the operating manual, loaded on first start. Thresholds are starting points an administrator is
 * expected to tune; each description says what the alert means and what to check first.
 */
final class DefaultRules {

    /** The first seed set; rules added later come with a seed of their own, loaded once on databases that lack it. */
    static final String FIRST_SEED = "default-rules-v1";
    static final String OCCUPANCY_SEED = "default-rules-v2-occupancy";

    /** A default rule, and the seed that brings it: deleting a default rule is never undone by a later seed. */
    record Seed(String seedName, String id, RuleDraft draft) {
    }

    private DefaultRules() {
    }

    static List<Seed> all() {
        return List.of(
                seed("default-abandonment-rate", "Abandonment rate above 5%", "abandonment_rate", Aggregation.LAST, null,
                        ThresholdComparator.GT, 5, "PT15M", "PT5M", Severity.P2,
                        "More than 5% of the callers of a queue hang up before an agent answers",
                        "Callers give up waiting. Check first: contacts in queue and oldest contact age on the same "
                                + "queue, agents available against the forecast, and whether a routing profile or "
                                + "flow change sent more traffic here."),
                seed("default-service-level", "Service level below target", "service_level", Aggregation.LAST, null,
                        ThresholdComparator.LT, 80, "PT15M", "PT5M", Severity.P2,
                        "Fewer than 80% of contacts answered within the service-level threshold for 15 minutes",
                        "The queue misses its answer-time target. Check first: staffing gap and schedule adherence "
                                + "(are scheduled agents logged in and available?), then unusual volume."),
                seed("default-oldest-contact-age", "Oldest contact waiting too long", "oldest_contact_age",
                        Aggregation.LAST, null, ThresholdComparator.GT, 300, "PT2M", "PT2M", Severity.P2,
                        "A contact has waited more than 5 minutes in queue",
                        "Someone is stuck in queue. Check first: agents available on the queue's routing profiles, "
                                + "agents stuck in After Contact Work, and queue capacity or closed hours."),
                seed("default-contact-flow-errors", "Contact-flow errors", "contact_flow_errors", Aggregation.SUM,
                        "PT5M", ThresholdComparator.GT, 10, "PT5M", "PT5M", Severity.P1,
                        "Contact flows take their error branch more than 10 times in 5 minutes",
                        "Callers hit error branches. Check first: the flow logs in CloudWatch for the failing "
                                + "block, recent flow publications, and the Lambda and Lex resources the flow invokes."),
                seed("default-ivr-outage", "IVR outage", "contact_flow_fatal_errors", Aggregation.SUM, "PT5M",
                        ThresholdComparator.GT, 0, "PT1M", "PT5M", Severity.P1,
                        "Contact flows fail with fatal (system) errors: the IVR is not answering callers",
                        "Fatal flow errors mean callers are dropped. Check first: the AWS Health dashboard for "
                                + "Amazon Connect, phone number to flow associations, and the last flow publication."),
                seed("default-lambda-errors", "Lambda execution errors sustained", "lambda_errors", Aggregation.SUM,
                        "PT5M", ThresholdComparator.GT, 5, "PT10M", "PT5M", Severity.P1,
                        "Lambda functions invoked by contact flows fail repeatedly for 10 minutes",
                        "Flow integrations are broken. Check first: the function's CloudWatch logs and recent "
                                + "deployments, throttles and concurrency, and the downstream system it calls."),
                seed("default-api-call-failures", "Third-party API call failures", "api_call_failures",
                        Aggregation.SUM, "PT5M", ThresholdComparator.GT, 10, "PT5M", "PT5M", Severity.P1,
                        "Calls from flows or Lambdas to third-party APIs (CRM, payments) keep failing",
                        "A dependency is down. Check first: the provider's status page, credentials and "
                                + "certificate expiry, and network egress from the functions."),
                seed("default-staffing-gap", "Agents available below forecast need", "staffing_gap", Aggregation.LAST,
                        null, ThresholdComparator.LT, -2, "PT15M", "PT5M", Severity.P2,
                        "More than 2 agents short of the forecast need for 15 minutes",
                        "Staffing does not cover demand: scheduling's staffing gap (agents scheduled or available "
                                + "minus agents required, a COUNT of agents) is below -2. Check first: absences and "
                                + "adherence, agents in unproductive states, and whether the forecast under-estimated "
                                + "the volume."),
                seed("default-ivr-response-time", "IVR response time high", "ivr_response_time", Aggregation.AVG,
                        "PT5M", ThresholdComparator.GT, 2000, "PT10M", "PT5M", Severity.P3,
                        "IVR prompts take more than 2 seconds on average to respond",
                        "Callers wait in silence. Check first: Lambda duration and cold starts, Lex latency, and "
                                + "the response time of back-end lookups done by the flow."),
                seed("default-lex-recognition-errors", "Lex recognition errors", "lex_recognition_errors",
                        Aggregation.SUM, "PT15M", ThresholdComparator.GT, 20, "PT15M", "PT5M", Severity.P3,
                        "The Lex bot fails to recognise callers more than 20 times in 15 minutes",
                        "Self-service misunderstands callers. Check first: recent bot versions and aliases, "
                                + "missed utterances in the Lex analytics, and prompt wording changes."),
                seed("default-negative-sentiment", "Negative sentiment trend", "negative_sentiment_rate",
                        Aggregation.AVG, "PT30M", ThresholdComparator.GT, 30, "PT15M", "PT10M", Severity.P3,
                        "More than 30% of contacts show negative sentiment over half an hour",
                        "Customers are unhappy. Check first: Contact Lens categories for a common cause (outage, "
                                + "billing run, product issue) and long waits on the same queues."),
                seed("default-concurrent-calls-quota", "Concurrent calls near the instance quota",
                        "concurrent_calls_percentage", Aggregation.MAX, "PT5M", ThresholdComparator.GT, 80, "PT5M", "PT10M",
                        Severity.P3,
                        "Concurrent calls use more than 80% of the instance's concurrent-call quota",
                        "New calls will be rejected at 100%. Check first: the quota in Service Quotas, unusual "
                                + "inbound volume, and stuck calls; request a quota increase early."),
                seed("default-dynamodb-throttling", "DynamoDB throttling", "dynamodb_throttled_requests",
                        Aggregation.SUM, "PT5M", ThresholdComparator.GT, 0, "PT5M", "PT5M", Severity.P3,
                        "DynamoDB tables used by flows and Lambdas throttle requests",
                        "Lookups slow down or fail. Check first: the table's capacity mode and consumed capacity, "
                                + "hot partition keys, and recent traffic increases."),
                seed("default-call-volume-growth", "Call volume growing toward the service limit",
                        "concurrent_calls_percentage", Aggregation.AVG, "PT1H", ThresholdComparator.GT, 60, "PT1H", "PT30M",
                        Severity.P4,
                        "Concurrent calls average more than 60% of the quota over an hour: growth is approaching the limit",
                        "A capacity planning warning, not an emergency. Check first: the volume trend by queue and "
                                + "the lead time of a quota increase request."),
                new Seed(OCCUPANCY_SEED, "default-agent-occupancy", draft("Agent occupancy above 90%",
                        "agent_occupancy", Aggregation.LAST, null, ThresholdComparator.GT, 90, "PT30M", "PT15M",
                        Severity.P3, "Agents spend more than 90% of their logged-in time on contacts for two intervals",
                        "Agents have no slack between contacts: waits will grow and burnout follows. Check first: "
                                + "staffing gap and absences, after-contact work times, and whether a routing profile "
                                + "takes more queues than planned.")));
    }

    private static Seed seed(String id, String name, String metric, Aggregation aggregation, String window,
            ThresholdComparator comparator, double threshold, String forDuration, String keepFiringFor, Severity severity,
            String summary, String description) {
        return new Seed(FIRST_SEED, id, draft(name, metric, aggregation, window, comparator, threshold, forDuration,
                keepFiringFor, severity, summary, description));
    }

    private static RuleDraft draft(String name, String metric, Aggregation aggregation, String window,
            ThresholdComparator comparator, double threshold, String forDuration, String keepFiringFor,
            Severity severity, String summary, String description) {
        return new RuleDraft(name, metric, null, null, null, aggregation, window, comparator, threshold, null,
                forDuration, keepFiringFor, NoDataPolicy.RESOLVE, severity, Map.of("source", "default"), summary,
                description, null, true);
    }
}
