package io.connectops.scheduling.common;

import io.connectops.contracts.EventSources;

/** The CloudEvent {@code source} of everything scheduling publishes ({@link EventSources#SCHEDULING}). */
public final class SchedulingEvents {

    public static final String SOURCE = EventSources.SCHEDULING;

    private SchedulingEvents() {
    }
}
