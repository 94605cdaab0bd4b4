package io.connectops.ingest.domain;

/** The Connect calls a source is polled with, each on its own interval and with its own health. */
public enum PollOperation {
    CURRENT_METRICS("GetCurrentMetricData"),
    INTERVAL_METRICS("GetMetricDataV2"),
    AGENT_STATES("GetCurrentUserData"),
    /** CloudWatch's GetMetricData: the instance's AWS/Connect metrics and the Lambda, Lex and DynamoDB it names. */
    CLOUDWATCH_METRICS("GetMetricData");

    private final String apiName;

    PollOperation(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }
}
