package io.connectops.alerting.domain;

/** How the samples of a series inside a rule's window become the one value compared with the threshold. */
public enum Aggregation {
    LAST, AVG, MIN, MAX, SUM,
    /** Increase per second between the first and the last sample of the window (for counters). */
    RATE;

    /** Every aggregation but LAST needs a window to aggregate over. */
    public boolean needsWindow() {
        return this != LAST;
    }
}
