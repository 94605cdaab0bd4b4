package io.connectops.incidents.domain;

import java.util.EnumSet;
import java.util.Set;

/** Where an incident is in its life: assess, mitigate, monitor, resolve, review, close (or cancel). */
public enum IncidentStatus {
    TRIAGE, MITIGATING, MONITORING, RESOLVED, POST_INCIDENT, CLOSED, CANCELLED;

    /** The statuses in which the impact may still be going on: SLA timers run, alerts attach, severity can change. */
    public static final Set<IncidentStatus> OPEN = EnumSet.of(TRIAGE, MITIGATING, MONITORING);

    public boolean isOpen() {
        return OPEN.contains(this);
    }
}
