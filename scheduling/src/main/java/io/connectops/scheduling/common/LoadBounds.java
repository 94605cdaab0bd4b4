package io.connectops.scheduling.common;

/**
 * Bounds of contact loads in requests, shared by staffing, forecast history and intraday. Every number has a finite
 * bound (1e400 parses to Infinity, which passes {@code @Positive}), so that no request can hold a worker for long.
 */
public final class LoadBounds {

    /** Contacts in one interval: a thousand times the busiest real queue's, and finite. */
    public static final String MAX_CONTACTS = "1e9";
    /** Handle times, thresholds and patience: one day at most. */
    public static final String MAX_SECONDS = "86400";
    /** Below a second, service and abandonment rates make the Erlang A chain needlessly stiff. */
    public static final String MIN_AHT_SECONDS = "1";
    public static final String MIN_PATIENCE_SECONDS = "1";
    /** Agents to schedule are agents ÷ (1 − shrinkage): at 0.99 a hundredfold, and still an int. */
    public static final String MAX_SHRINKAGE = "0.99";
    /**
     * Intervals of one requirements request: three weeks of 15-minute intervals. Reading and writing 20,000 took
     * 3-4 s on two loaded cores, in JSON alone; a longer horizon is asked for in several requests.
     */
    public static final int MAX_INTERVALS = 2000;

    private LoadBounds() {
    }
}
