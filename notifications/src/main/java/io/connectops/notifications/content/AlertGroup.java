package io.connectops.notifications.content;

import java.util.List;

import io.connectops.contracts.AlertEvent;

/**
 * An alert group as its conversation shows it: the alerts firing now and those resolved since the group began to
 * fire this time, oldest first.
 */
public record AlertGroup(String groupKey, List<AlertEvent> firing, List<AlertEvent> resolved) {

    public AlertGroup {
        firing = List.copyOf(firing);
        resolved = List.copyOf(resolved);
    }
}
