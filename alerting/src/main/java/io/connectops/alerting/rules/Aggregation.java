package io.connectops.alerting.rules;

/** How the samples of a series inside a rule's window become the one value compared with the threshold. */
public enum Aggregation {
    LAST, AVG, MIN, MAX, SUM,
    /** Increase per second between the first and the last sample of the window (for counters). */
    RATE,
    /**
     * Sum of the rule's metric over sum of its denominator metric in the window, as a percentage: contacts_abandoned
     * over contacts_queued is the abandonment rate of the window, however many intervals it spans.
     */
    RATIO;

    /** Every aggregation but LAST needs a window to aggregate over. */
    public boolean needsWindow() {
        return this != LAST;
    }
}
