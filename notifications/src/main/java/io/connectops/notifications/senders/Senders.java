package io.connectops.notifications.senders;

import java.util.EnumMap;
import java.util.Map;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/** Every {@link ChannelSender}, by channel type: the one place a send is made, queued or a channel test. */
@ApplicationScoped
public class Senders {

    @Inject
    Instance<ChannelSender> senderBeans;

    private final Map<ChannelType, ChannelSender> byType = new EnumMap<>(ChannelType.class);

    @PostConstruct
    void collect() {
        for (ChannelSender sender : senderBeans) {
            byType.put(sender.type(), sender);
        }
    }

    /** Whether the job's sender reads the trace of an attempt in doubt: see {@link ChannelSender#looksForEarlierAttempts}. */
    public boolean looksForEarlierAttempts(SendJob job) {
        return byType.get(job.channel().type()).looksForEarlierAttempts(job.channel());
    }

    /** Sends once, turning anything unexpected into a retryable failure that names no secret. */
    public SendResult send(SendJob job) {
        ChannelSender sender = byType.get(job.channel().type());
        try {
            return sender.send(job);
        } catch (RuntimeException e) {
            return SendResult.retry(null, "Unexpected failure: " + e.getClass().getSimpleName(), null);
        }
    }
}
