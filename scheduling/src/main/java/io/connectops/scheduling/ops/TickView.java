package io.connectops.scheduling.ops;

import java.time.Instant;

/** One entry of a checklist's history: which item, ticked or unticked, by whom, when. */
public record TickView(int itemIndex, String item, boolean done, String actorId, String actorName,
        Instant occurredAt) {

    static TickView of(ItemTick tick, OpsTask task) {
        String text = tick.itemIndex < task.items.size() ? task.items.get(tick.itemIndex).text() : null;
        return new TickView(tick.itemIndex, text, tick.done, tick.actorId, tick.actorName, tick.occurredAt);
    }
}
