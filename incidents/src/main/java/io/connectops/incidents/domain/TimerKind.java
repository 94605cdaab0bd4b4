package io.connectops.incidents.domain;

/** The timers kept per incident in {@code incident_timer}. */
public enum TimerKind {
    /**
     * The acknowledgement SLA (configured as {@code sla.<severity>.assess}): it has run out while nobody has
     * acknowledged or assessed the incident. Acknowledging stops it.
     */
    ASSESS_SLA,
    /** The SLA to resolve has run out while the incident is still open. */
    RESOLVE_SLA,
    /** A resolved P1/P2 that stayed resolved for the reopen window moves to its post-incident review. */
    START_REVIEW
}
