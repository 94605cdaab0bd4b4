package io.connectops.notifications.senders;

import java.util.List;

/** The kinds of receivers, with the settings and secrets each needs. */
public enum ChannelType {
    /** Bot token + channel ({@code chat.postMessage}, threads, updates), or an incoming webhook URL as a fallback. */
    SLACK(List.of("channel"), List.of("botToken", "webhookUrl", "signingSecret"), List.of("apiUrl", "mode", "actors"),
            List.of("apiUrl"), List.of("botToken")),
    /** A Workflows webhook URL; its signature makes the whole URL a secret. */
    TEAMS(List.of(), List.of("workflowUrl"), List.of(), List.of(), List.of()),
    SERVICENOW(List.of("instanceUrl", "username"), List.of("password"),
            List.of("assignmentGroup", "callerId", "category", "closeCode", "fieldMapping"), List.of("instanceUrl"),
            List.of("password")),
    /**
     * A URL and a body {@code format} ({@code maxAlerts} caps an {@code alertmanager} body's alerts); a {@code whsec_}
     * signing secret adds the Standard Webhooks headers.
     */
    WEBHOOK(List.of("url"), List.of("signingSecret"), List.of("format", "maxAlerts"), List.of("url"), List.of("signingSecret")),
    EMAIL(List.of("to"), List.of(), List.of("from"), List.of(), List.of());

    private final List<String> requiredSettings;
    private final List<String> secretNames;
    private final List<String> optionalSettings;
    private final List<String> urlSettings;
    private final List<String> secretsSentToUrl;

    ChannelType(List<String> requiredSettings, List<String> secretNames, List<String> optionalSettings,
            List<String> urlSettings, List<String> secretsSentToUrl) {
        this.requiredSettings = requiredSettings;
        this.secretNames = secretNames;
        this.optionalSettings = optionalSettings;
        this.urlSettings = urlSettings;
        this.secretsSentToUrl = secretsSentToUrl;
    }

    /** Settings that say where messages go. */
    public List<String> urlSettings() {
        return urlSettings;
    }

    /**
     * Secrets that travel to (or sign for) the URL settings: when one of those settings changes, these must be given
     * again, or an admin could send a stored secret to a URL of their choosing without knowing it.
     */
    public List<String> secretsSentToUrl() {
        return secretsSentToUrl;
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
