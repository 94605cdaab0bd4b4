package io.connectops.notifications.senders;


/** Sends to one kind of channel. Implementations never throw for a receiver's failure: they return it. */
public interface ChannelSender {

    ChannelType type();

    SendResult send(SendJob job);
}
