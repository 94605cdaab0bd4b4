package io.connectops.notifications.digest;

/** What a digest run started by hand stored: one delivery per channel that had waiting items. */
public record DigestRunView(int deliveries) {
}
