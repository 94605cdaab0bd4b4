package io.connectops.notifications.senders.webhook;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The body a WEBHOOK channel sends, chosen by its {@code format} setting. */
public enum WebhookFormat {
    /** Connect Ops' own body: delivery id, event id and type, the rendered message and the event (the default). */
    CONNECTOPS("application/json; charset=utf-8"),
    /** The event as our CloudEvents JSON, structured mode, as it is on the topics. */
    CLOUDEVENTS("application/cloudevents+json; charset=utf-8"),
    /** Alertmanager's webhook payload, version 4, that existing receivers and bridges already parse. */
    ALERTMANAGER("application/json; charset=utf-8");

    private final String contentType;

    WebhookFormat(String contentType) {
        this.contentType = contentType;
    }

    public String contentType() {
        return contentType;
    }

    /** The setting's spelling: {@code connectops}, {@code cloudevents}, {@code alertmanager}. */
    public String setting() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The format a setting names (none: {@link #CONNECTOPS}), or null when it names none. */
    public static WebhookFormat of(String setting) {
        if (setting == null || setting.isBlank()) {
            return CONNECTOPS;
        }
        for (WebhookFormat format : values()) {
            if (format.setting().equals(setting.trim())) {
                return format;
            }
        }
        return null;
    }

    public static String choices() {
        return Arrays.stream(values()).map(WebhookFormat::setting).collect(Collectors.joining(", "));
    }
}
