package io.connectops.scheduling.common;

/**
 * The CloudEvent {@code source} of everything scheduling publishes, in the {@code /connectops/<service>} form the
 * other services use. It belongs beside {@code Topics} in event-contracts; it stays here until that module takes it.
 */
public final class SchedulingEvents {

    public static final String SOURCE = "/connectops/scheduling";

    private SchedulingEvents() {
    }
}
