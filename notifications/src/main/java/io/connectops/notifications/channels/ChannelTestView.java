package io.connectops.notifications.channels;

import io.connectops.notifications.senders.SendResult;

/** What the receiver answered to a test send. */
public record ChannelTestView(boolean delivered, String outcome, Integer httpStatus, String detail) {

    static ChannelTestView of(SendResult result) {
        return new ChannelTestView(result.delivered(), result.outcome().name(), result.httpStatus(), result.detail());
    }
}
