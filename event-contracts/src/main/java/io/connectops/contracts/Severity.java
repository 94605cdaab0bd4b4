package io.connectops.contracts;

/** Operational severity shared by alerts and incidents: P1 is the most urgent. */
public enum Severity {
    P1, P2, P3, P4;

    /** True when this severity is more urgent than {@code other}. */
    public boolean isMoreUrgentThan(Severity other) {
        return ordinal() < other.ordinal();
    }
}
