package io.connectops.notifications.senders;


/** Sends to one kind of channel. Implementations never throw for a receiver's failure: they return it. */
public interface ChannelSender {

    ChannelType type();

    SendResult send(SendJob job);

    /**
     * True when, given a job whose earlier attempt has no recorded outcome ({@link SendJob#unconfirmedSince()}), this
     * sender asks the receiver what that attempt left before sending again. Only then must an attempt's start be
     * committed before its request leaves; a receiver that cannot be asked gets the message again, with the same
     * idempotency key, whether the start was noted or not.
     */
    default boolean looksForEarlierAttempts(SendJob.ChannelSnapshot channel) {
        return false;
    }
}
