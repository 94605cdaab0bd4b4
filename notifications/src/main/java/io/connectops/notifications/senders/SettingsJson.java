package io.connectops.notifications.senders;

import java.io.IOException;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;

import io.connectops.contracts.EventCodec;

/** Channel settings that hold a JSON object of strings (a Slack channel's {@code actors}). */
public final class SettingsJson {

    private SettingsJson() {
    }

    /** The object, or null when the setting is missing or not a JSON object of strings. */
    public static Map<String, String> stringMap(String setting) {
        if (setting == null) {
            return null;
        }
        try {
            return EventCodec.mapper().readValue(setting, new TypeReference<Map<String, String>>() {
            });
        } catch (IOException e) {
            return null;
        }
    }
}
