package io.connectops.notifications.domain;

import java.util.List;

/** The kinds of receivers, with the settings and secrets each needs. */
public enum ChannelType {
    /** Bot token + channel ({@code chat.postMessage}, threads, updates), or an incoming webhook URL as a fallback. */
    SLACK(List.of("channel"), List.of("botToken", "webhookUrl"), List.of("apiUrl", "mode")),
    /** A Workflows webhook URL; its signature makes the whole URL a secret. */
    TEAMS(List.of(), List.of("workflowUrl"), List.of()),
    SERVICENOW(List.of("instanceUrl", "username"), List.of("password"),
            List.of("assignmentGroup", "callerId", "category", "fieldMapping")),
    WEBHOOK(List.of("url"), List.of("signingSecret"), List.of()),
    EMAIL(List.of("to"), List.of(), List.of("from"));

    private final List<String> requiredSettings;
    private final List<String> secretNames;
    private final List<String> optionalSettings;

    ChannelType(List<String> requiredSettings, List<String> secretNames, List<String> optionalSettings) {
        this.requiredSettings = requiredSettings;
        this.secretNames = secretNames;
        this.optionalSettings = optionalSettings;
    }

    public List<String> requiredSettings() {
        return requiredSettings;
    }

    public List<String> secretNames() {
        return secretNames;
    }

    public List<String> optionalSettings() {
        return optionalSettings;
    }
}
